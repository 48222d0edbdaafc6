"""What the dashboard app keeps of its own: when each committee member last opened 'My work'."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from agreement.models import Agreement


class LastVisitQuerySet(models.QuerySet):
    def previous_and_record(self, *, user, agreement, now):
        """When this person last opened the page in this agreement (None the first time); records `now`.

        One upsert, so two tabs opening at once cannot collide on the unique pair.
        """
        previous = self.filter(user=user, agreement=agreement).values_list("seen_at", flat=True).first()
        self.bulk_create(
            [LastVisit(user=user, agreement=agreement, seen_at=now)],
            update_conflicts=True,
            unique_fields=["user", "agreement"],
            update_fields=["seen_at"],
        )
        return previous


class LastVisit(models.Model):
    """A committee member's last visit to 'My work' in one agreement: what "since your last visit"
    counts from, across sign-ins and devices (it was kept in the session, so each sign-in started a
    month back). Bookkeeping like Django's last_login: written on the page's GET, no history."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="+")
    seen_at = models.DateTimeField(_("last visit"))
    objects = LastVisitQuerySet.as_manager()

    class Meta:
        verbose_name = _("last visit")
        verbose_name_plural = _("last visits")
        constraints = [
            # Also the index the page's look-up by (user, agreement) reads.
            models.UniqueConstraint(fields=["user", "agreement"], name="last_visit_once_per_person_and_agreement"),
        ]

    def __str__(self):
        return f"{self.user_id} @ {self.agreement_id}: {self.seen_at:%Y-%m-%d %H:%M}"
