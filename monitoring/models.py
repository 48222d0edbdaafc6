"""The monitor's own judgement: quarterly evaluations, and the locks that issued reports set.

These tables were created by the reports app and keep their names (reports_*): moving a model
between apps here is a change of Python home only, never of data.
"""

import datetime as dt
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import connection, models
from django.db.models import F, Max, OuterRef, Q, Subquery
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from agreement.jalali import Quarter
from agreement.models import Agreement
from obligations.models import Commitment

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


class Rating(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    WEAK = "weak", _("Weak")
    PARTLY_MET = "partly_met", _("Partly met")
    LARGELY_MET = "largely_met", _("Largely met")
    FULLY_MET = "fully_met", _("Fully met")


RATING_MEANINGS: dict[str, "StrOrPromise"] = {
    Rating.NOT_STARTED: _("No work on the commitment is evidenced in the quarter."),
    Rating.WEAK: _("Some activity, but far below what the commitment requires."),
    Rating.PARTLY_MET: _("Real progress on part of the commitment; important parts are missing."),
    Rating.LARGELY_MET: _("Most of the commitment is delivered; minor gaps remain."),
    Rating.FULLY_MET: _("The commitment is delivered for the quarter, backed by accepted evidence."),
}


class Evaluation(models.Model):
    """The monitor's rating of one commitment for one Jalali quarter, apart from the party's own status."""

    commitment = models.ForeignKey(Commitment, on_delete=models.PROTECT, related_name="evaluations")
    year = models.PositiveSmallIntegerField(_("Jalali year"))
    quarter = models.PositiveSmallIntegerField(_("quarter"))
    rating = models.CharField(_("rating"), max_length=16, choices=Rating)
    assessment = models.TextField(_("assessment"))
    evaluated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    evaluated_at = models.DateTimeField(_("evaluated at"), auto_now=True)
    history = HistoricalRecords(table_name="reports_historicalevaluation")

    class Meta:
        db_table = "reports_evaluation"
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")
        ordering = ["-year", "-quarter", "commitment"]
        constraints = [
            models.UniqueConstraint(fields=["commitment", "year", "quarter"], name="evaluation_once_per_quarter"),
            models.CheckConstraint(condition=Q(quarter__gte=1, quarter__lte=4), name="evaluation_quarter_1_to_4"),
            models.CheckConstraint(condition=Q(rating__in=Rating.values), name="evaluation_rating_is_known"),
            models.CheckConstraint(condition=~Q(assessment=""), name="evaluation_assessment_required"),
        ]

    def __str__(self):
        return f"{self.commitment.number} {self.year}-Q{self.quarter}: {self.get_rating_display()}"

    @property
    def period(self) -> Quarter:
        return Quarter(self.year, self.quarter)


class QuarterLock(models.Model):
    """Set when a quarter's report is issued; while locked, its evaluations cannot change.

    Reopening (administrators only) clears `locked` with a reason; the history keeps both.
    """

    agreement = models.ForeignKey(Agreement, on_delete=models.PROTECT, related_name="quarter_locks")
    year = models.PositiveSmallIntegerField(_("Jalali year"))
    quarter = models.PositiveSmallIntegerField(_("quarter"))
    locked = models.BooleanField(_("locked"), default=True)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    changed_at = models.DateTimeField(_("changed at"), auto_now=True)
    reason = models.TextField(_("reason"), blank=True)
    history = HistoricalRecords(table_name="reports_historicalquarterlock")

    class Meta:
        db_table = "reports_quarterlock"
        verbose_name = _("quarter lock")
        verbose_name_plural = _("quarter locks")
        constraints = [
            models.UniqueConstraint(fields=["agreement", "year", "quarter"], name="quarter_lock_once"),
            models.CheckConstraint(condition=Q(quarter__gte=1, quarter__lte=4), name="quarter_lock_quarter_1_to_4"),
            models.CheckConstraint(condition=Q(locked=True) | ~Q(reason=""), name="quarter_reopen_has_a_reason"),
        ]

    def __str__(self):
        return f"{self.agreement.reference} {self.year}-Q{self.quarter}"

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        # The agreement's row carries the newest locked quarter, in the same transaction: an entry
        # dated after it is let through with no look-up of the locks.
        rebuild_newest_locked_quarters(Agreement.objects.filter(pk=self.agreement_id))

    @classmethod
    def is_locked(cls, agreement, period: Quarter) -> bool:
        return cls.objects.filter(agreement=agreement, year=period.year, quarter=period.number, locked=True).exists()


def quarter_code(period: Quarter) -> int:
    """How Agreement.newest_locked_quarter orders quarters: year * 10 + quarter (14032)."""
    return period.year * 10 + period.number


def fresh_newest_locked_quarter():
    """The newest locked quarter's code of the agreement in OuterRef("pk"), computed from the locks."""
    return Subquery(
        QuarterLock.objects.filter(agreement=OuterRef("pk"), locked=True)
        .order_by()
        .values("agreement")
        .annotate(newest=Max(F("year") * 10 + F("quarter")))
        .values("newest")
    )


def rebuild_newest_locked_quarters(agreements=None) -> int:
    """Write each agreement's newest locked quarter from its locks (all agreements by default)."""
    agreements = Agreement.objects.all() if agreements is None else agreements
    return agreements.update(newest_locked_quarter=fresh_newest_locked_quarter())


def newest_locked_quarter_held(agreement_id: int) -> int | None:
    """The agreement's newest locked quarter, read with a share lock on its row held to the end of
    the caller's transaction. Issuing a report locks that row for update before it sets the quarter's
    lock, so a writer that checked a date here either sees that lock (the issue committed first) or
    makes the issue wait until the writer's entry is committed and in the report. Writers share the
    lock: people logging on one agreement never wait for each other here. Raw SQL: the hot path's
    one statement for the check, with nothing for the ORM to compile."""
    with connection.cursor() as cursor:
        cursor.execute(
            f'SELECT "newest_locked_quarter" FROM "{Agreement._meta.db_table}" WHERE "id" = %s FOR SHARE',
            [agreement_id],
        )
        row = cursor.fetchone()
    return row[0] if row else None


def locked_quarter_refusal(commitment, happened_on: dt.date) -> str | None:
    """Registered with obligations' work-date checks (monitoring.apps): an entry dated in a quarter
    whose report was issued would change what a permanent document says about that quarter.

    Part of the writer's transaction (record_progress, update_entry): the agreement's row is read
    with a share lock (newest_locked_quarter_held), and the locks themselves are read only for a
    date no later than the newest locked quarter (an entry dated in an earlier, reopened quarter)."""
    period = Quarter.containing(happened_on)
    newest = newest_locked_quarter_held(commitment.agreement_id)
    if newest is None or quarter_code(period) > newest:
        return None
    if not QuarterLock.is_locked(commitment.agreement_id, period):
        return None
    return gettext(
        "The quarter of this date (%(quarter)s) is locked: its report has been issued. Change the date of "
        "the work or ask the monitor to reopen the quarter."
    ) % {"quarter": period.label}
