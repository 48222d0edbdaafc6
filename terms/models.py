"""An agreement's terms: when each ends, its notice period, whether it renews itself, and the
alerts sent as the end comes near (each once: the log's unique constraint).

The agreement's own end date (`Agreement.ends_on`) follows the current term's; a renewal is a
new term, so every earlier term stays as it was.
"""

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from agreement.formatting import reader_date
from agreement.models import Agreement
from committee.models import AgendaItem

ALERT_DAYS = (90, 60, 30)


class TermQuerySet(models.QuerySet):
    def current_of(self, agreement_id: int) -> "Term | None":
        return self.filter(agreement_id=agreement_id).order_by("-number").first()


class Term(models.Model):
    """One term of an agreement: the first from signing, each renewal the next."""

    agreement = models.ForeignKey(Agreement, on_delete=models.PROTECT, related_name="terms")
    number = models.PositiveSmallIntegerField(_("term"))
    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(_("last day"))
    notice_days = models.PositiveSmallIntegerField(
        _("notice period in days"),
        default=90,
        help_text=_("How long before the end a party must say it will not renew."),
    )
    renews_itself = models.BooleanField(_("renews itself"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("recorded at"), default=timezone.now)
    history = HistoricalRecords()
    objects = TermQuerySet.as_manager()

    class Meta:
        verbose_name = _("term")
        verbose_name_plural = _("terms")
        ordering = ["agreement", "number"]
        constraints = [
            models.UniqueConstraint(fields=["agreement", "number"], name="term_number_unique_per_agreement"),
            models.CheckConstraint(condition=Q(number__gte=1), name="term_number_positive"),
            models.CheckConstraint(condition=Q(ends_on__gte=F("starts_on")), name="term_ends_after_it_starts"),
        ]

    def __str__(self):
        return f"{self.agreement.reference} · {self.number}"

    def days_left(self, today: dt.date) -> int:
        return (self.ends_on - today).days

    def has_ended(self, today: dt.date) -> bool:
        return today > self.ends_on

    @property
    def length(self) -> dt.timedelta:
        return self.ends_on - self.starts_on


class TermAlert(models.Model):
    """One alert (or act) of a term, fired once: 90/60/30 days before, the agenda item, the end."""

    class Kind(models.TextChoices):
        DAYS_90 = "days_90", _("90 days before the end")
        DAYS_60 = "days_60", _("60 days before the end")
        DAYS_30 = "days_30", _("30 days before the end")
        AGENDA = "agenda", _("On the committee's agenda: decide on renewal")
        EXPIRED = "expired", _("Expired")
        RENEWED = "renewed", _("Renewed itself")

    term = models.ForeignKey(Term, on_delete=models.CASCADE, related_name="alerts")
    kind = models.CharField(_("alert"), max_length=16, choices=Kind)
    fired_on = models.DateField(_("fired on"))
    recipients = models.PositiveIntegerField(_("people told"), default=0)
    agenda_item = models.ForeignKey(AgendaItem, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    # The log is itself the record, written by the daily job: no history of its own.

    class Meta:
        verbose_name = _("alert of a term")
        verbose_name_plural = _("alerts of terms")
        ordering = ["term", "fired_on"]
        constraints = [
            models.UniqueConstraint(fields=["term", "kind"], name="term_alert_once"),
            models.CheckConstraint(
                condition=Q(kind__in=["days_90", "days_60", "days_30", "agenda", "expired", "renewed"]),
                name="term_alert_kind_is_known",
            ),
        ]

    def __str__(self):
        return f"{self.term} · {self.kind}"


def expired_refusal(commitment, day: dt.date) -> str | None:
    """Registered with obligations' entry checks: an agreement past its end (or expired) takes no entries.

    Read from the agreement's row, which every write loads anyway: its end date follows the
    current term's (terms.services), so the check costs no query on the log form's path."""
    agreement = commitment.agreement
    ended = agreement.ends_on
    if agreement.status != Agreement.Status.EXPIRED and (ended is None or day <= ended):
        return None
    if ended is None:
        return gettext("The agreement has expired: it takes no more entries; everything stays readable.")
    return gettext("The agreement's term ended on %(date)s: it takes no more entries; everything stays readable.") % {
        "date": reader_date(ended)
    }
