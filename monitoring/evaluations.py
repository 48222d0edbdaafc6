"""Quarterly evaluations: what a quarter's page shows, saving a rating, reopening a locked quarter."""

from django.db import IntegrityError, transaction
from django.db.models import Count, IntegerField, OuterRef, Prefetch, Subquery, Value
from django.db.models.functions import Coalesce

from agreement.jalali import Quarter
from agreement.models import Agreement
from monitoring.models import Evaluation, QuarterLock
from obligations.models import ProgressEntry
from obligations.services import ConflictError


class QuarterLockedError(Exception):
    """The quarter's report was issued: its evaluations stay as they were."""


def commitments_for_quarter(agreement, period: Quarter):
    """The agreement's commitments with, side by side, what the party reported by the quarter's end
    and the monitor's evaluation for the quarter; a fixed number of queries for any size."""
    counted = (
        ProgressEntry.objects.counted()
        .filter(commitment=OuterRef("pk"), happened_on__lte=period.last_day)
        .order_by("-happened_on", "-created_at")
    )
    in_quarter = (
        ProgressEntry.objects.filter(
            commitment=OuterRef("pk"),
            withdrawn_at__isnull=True,
            happened_on__range=(period.first_day, period.last_day),
        )
        .order_by()
        .values("commitment")
        .annotate(n=Count("pk"))
        .values("n")
    )
    evaluations = Evaluation.objects.filter(year=period.year, quarter=period.number).select_related("evaluated_by")
    return (
        agreement.commitments.select_related("owner")
        .annotate(
            reported_status=Subquery(counted.values("reported_status")[:1]),
            reported_percent=Subquery(counted.exclude(percent_complete__isnull=True).values("percent_complete")[:1]),
            entries_in_quarter=Coalesce(Subquery(in_quarter[:1], output_field=IntegerField()), Value(0)),
        )
        .prefetch_related(Prefetch("evaluations", queryset=evaluations, to_attr="quarter_evaluations"))
        .order_by("position", "number")
    )


def quarter_entries(commitment, period: Quarter):
    """The commitment's entries dated in the quarter, for the evaluator to judge by."""
    return (
        commitment.entries.filter(happened_on__range=(period.first_day, period.last_day))
        .select_related("party", "author", "county")
        .order_by("happened_on", "created_at")
    )


def version_stamp(evaluation: Evaluation | None) -> str:
    """What the edit form carries to notice that someone saved the evaluation in between."""
    return evaluation.evaluated_at.isoformat() if evaluation is not None else ""


@transaction.atomic
def save_evaluation(*, commitment, period: Quarter, rating: str, assessment: str, evaluator, seen_stamp: str):
    """Create or change the quarter's evaluation of a commitment, unless the quarter is locked or
    someone else saved it since the evaluator loaded the form (ConflictError)."""
    # Issuing a report locks the agreement row first; taking the same row lock here makes a save
    # wait for a report being issued at that moment, even before the quarter has a lock row.
    Agreement.objects.select_for_update().filter(pk=commitment.agreement_id).first()
    lock = (
        QuarterLock.objects.select_for_update()
        .filter(agreement=commitment.agreement, year=period.year, quarter=period.number)
        .first()
    )
    if lock is not None and lock.locked:
        raise QuarterLockedError
    evaluation = (
        Evaluation.objects.select_for_update()
        .filter(commitment=commitment, year=period.year, quarter=period.number)
        .first()
    )
    if version_stamp(evaluation) != seen_stamp:
        raise ConflictError
    if evaluation is None:
        evaluation = Evaluation(commitment=commitment, year=period.year, quarter=period.number)
    evaluation.rating = rating
    evaluation.assessment = assessment
    evaluation.evaluated_by = evaluator
    evaluation._history_user = evaluator
    try:
        with transaction.atomic():
            evaluation.save()
    except IntegrityError:
        # Another evaluator created the first evaluation at the same moment.
        raise ConflictError from None
    return evaluation


@transaction.atomic
def reopen_quarter(*, agreement, period: Quarter, admin, reason: str) -> QuarterLock:
    """Unlock a quarter whose report was issued; the reason stays in the lock's history."""
    lock = (
        QuarterLock.objects.select_for_update()
        .filter(agreement=agreement, year=period.year, quarter=period.number, locked=True)
        .first()
    )
    if lock is None:
        raise ConflictError
    lock.locked = False
    lock.reason = reason
    lock.changed_by = admin
    lock._history_user = admin
    lock.save()
    return lock


def lock_history(agreement, period: Quarter):
    """Each lock and reopening of the quarter, oldest first."""
    return (
        QuarterLock.history.filter(agreement=agreement, year=period.year, quarter=period.number)
        .select_related("history_user", "changed_by")
        .order_by("history_date", "history_id")
    )
