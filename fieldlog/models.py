"""What the server keeps for an entry sent from a device's queue: the files it still expects."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from obligations.models import Evidence, ProgressEntry


class ExpectedFileQuerySet(models.QuerySet):
    def missing(self):
        return self.filter(evidence__isnull=True)


class ExpectedFile(models.Model):
    """A file the device said it would send with the entry, by its SHA-256 (as ODK Central keeps
    the attachments a submission still expects): the device then sends only what is missing."""

    entry = models.ForeignKey(ProgressEntry, on_delete=models.PROTECT, related_name="expected_files")
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    name = models.CharField(_("file name"), max_length=255)
    size = models.PositiveBigIntegerField(_("size in bytes"))
    # Set once the file has arrived and been checked: the evidence it became.
    evidence = models.OneToOneField(
        Evidence, on_delete=models.PROTECT, null=True, blank=True, related_name="expected_as"
    )
    history = HistoricalRecords()
    objects = ExpectedFileQuerySet.as_manager()

    class Meta:
        verbose_name = _("expected file")
        verbose_name_plural = _("expected files")
        ordering = ["entry", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["entry", "sha256"], name="expected_file_once_per_entry"),
            models.CheckConstraint(condition=Q(sha256__regex=r"^[0-9a-f]{64}$"), name="expected_file_sha256_is_hex"),
            models.CheckConstraint(condition=Q(size__gt=0), name="expected_file_not_empty"),
        ]

    def __str__(self):
        return f"{self.entry_id}: {self.name}"
