"""A spreadsheet of commitments uploaded into an agreement: kept from its preview until it is applied."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from agreement.models import Agreement


class CommitmentImport(models.Model):
    """One uploaded file, named by its SHA-256: the same bytes uploaded again are this row, and once
    applied they are never applied a second time (the import is idempotent by the file's hash)."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="commitment_imports")
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    filename = models.CharField(_("file name"), max_length=255)
    content = models.BinaryField(_("content"))
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    applied_at = models.DateTimeField(_("applied at"), null=True, blank=True)
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created = models.PositiveIntegerField(_("commitments added"), default=0)
    updated = models.PositiveIntegerField(_("commitments changed"), default=0)

    class Meta:
        verbose_name = _("commitment import")
        verbose_name_plural = _("commitment imports")
        constraints = [
            models.UniqueConstraint(fields=["agreement", "sha256"], name="commitment_import_once_per_file"),
            models.CheckConstraint(condition=Q(sha256__regex=r"^[0-9a-f]{64}$"), name="commitment_import_sha256_hex"),
            models.CheckConstraint(
                condition=Q(applied_at__isnull=True) | Q(applied_by__isnull=False),
                name="commitment_import_applied_names_who",
            ),
        ]

    def __str__(self):
        return f"{self.agreement.reference}: {self.filename} ({self.sha256[:12]})"

    @property
    def is_applied(self) -> bool:
        return self.applied_at is not None
