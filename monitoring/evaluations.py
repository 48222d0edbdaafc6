"""Quarterly evaluations: what a quarter's page shows, saving a rating, reopening a locked quarter."""

import datetime as dt

from django.db import IntegrityError, transaction
from django.db.models import Count, Exists, IntegerField, OuterRef, Prefetch, Subquery, Value
from django.db.models.functions import Coalesce

from agreement.compiled import compiled_once
from agreement.history_user import record_history_user
from agreement.jalali import Quarter
from agreement.models import Agreement
from monitoring.models import Evaluation, QuarterLock
from obligations.models import Commitment, Evidence, ProgressEntry
from obligations.services import ConflictError


class QuarterLockedError(Exception):
    """The quarter's report was issued: its evaluations stay as they were."""


def commitments_for_quarter(agreement, period: Quarter):
    """The agreement's commitments with, side by side, what the party reported by the quarter's end
    (`reported_status`, `reported_percent`: the one progress rule) and the monitor's evaluation for
    the quarter; a fixed number of queries for any size. The query is built and compiled once per
    process for each agreement and quarter (agreement.compiled): after a write, the table's fresh
    render only runs it."""
    queryset = compiled_once(
        ("commitments_for_quarter", agreement.pk, str(period)),
        lambda: _commitments_for_quarter(agreement.pk, period),
    )
    # Each commitment's agreement is this one, as agreement.commitments would have set it.
    queryset._known_related_objects = {Commitment._meta.get_field("agreement"): {agreement.pk: agreement}}
    return queryset


def _commitments_for_quarter(agreement_id: int, period: Quarter):
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
        Commitment.objects.filter(agreement_id=agreement_id)
        .select_related("owner")
        .with_progress(as_of=period.last_day)
        .annotate(entries_in_quarter=Coalesce(Subquery(in_quarter[:1], output_field=IntegerField()), Value(0)))
        .prefetch_related(Prefetch("evaluations", queryset=evaluations, to_attr="quarter_evaluations"))
        .order_by("position", "number")
    )


def quarter_entries(commitment, period: Quarter):
    """The commitment's entries dated in the quarter, for the evaluator to judge by, each with its
    evidence and the evidence's thumbnails (two queries for any number)."""
    return (
        commitment.entries.filter(happened_on__range=(period.first_day, period.last_day))
        .select_related("party", "author", "county")
        .prefetch_related(
            Prefetch("evidence", queryset=Evidence.objects.select_related("thumbnail").order_by("uploaded_at", "pk"))
        )
        .order_by("happened_on", "created_at", "pk")
    )


def quarter_figures(commitment, period: Quarter, today: dt.date) -> dict:
    """The commitment's progress by the one rule (obligations.progress) as of the quarter's end
    (today, while the quarter runs) and as of the previous quarter's end, as the report counts it."""
    as_of = min(period.last_day, today)
    row = (
        Commitment.objects.filter(pk=commitment.pk)
        .with_progress(as_of=as_of)
        .with_progress(as_of=period.previous().last_day, prefix="before_")
        .values(
            "reported_percent",
            "reported_value",
            "verified_percent",
            "verified_value",
            "before_reported_percent",
            "before_verified_percent",
        )
        .get()
    )
    return {"as_of": as_of, **row}


def evaluation_order(agreement, period: Quarter) -> list[tuple[int, str, bool]]:
    """(pk, number, evaluated) of each commitment, in the list's order: what "save and next" walks."""
    evaluated = Evaluation.objects.filter(commitment=OuterRef("pk"), year=period.year, quarter=period.number)
    return list(
        agreement.commitments.annotate(evaluated=Exists(evaluated))
        .order_by("position", "number")
        .values_list("pk", "number", "evaluated")
    )


def next_to_evaluate(agreement, period: Quarter, after) -> str | None:
    """The number of the next commitment without an evaluation for the quarter, after `after` in the
    list's order and then from the top; None when every commitment has one."""
    order = evaluation_order(agreement, period)
    here = next((index for index, (pk, _, _) in enumerate(order) if pk == after.pk), len(order))
    for pk, number, evaluated in order[here + 1 :] + order[:here]:
        if not evaluated and pk != after.pk:
            return number
    return None


def version_stamp(evaluation: Evaluation | None) -> str:
    """What the edit form carries to notice that someone saved the evaluation in between."""
    return evaluation.evaluated_at.isoformat() if evaluation is not None else ""


@transaction.atomic
def save_evaluation(*, commitment, period: Quarter, rating: str, assessment: str, evaluator, seen_stamp: str):
    """Create or change the quarter's evaluation of a commitment, unless the quarter is locked or
    someone else saved it since the evaluator loaded the form (ConflictError)."""
    # Raising the figures' version (the dashboard counts ratings) locks the agreement's row, which
    # issuing a report locks first: so a save waits for a report being issued at that moment, even
    # before the quarter has a lock row.
    Agreement.objects.figures_changed(commitment.agreement_id)
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
    record_history_user(evaluation, evaluator)
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
    record_history_user(lock, admin)
    lock.save()
    return lock


def lock_history(agreement, period: Quarter):
    """Each lock and reopening of the quarter, oldest first."""
    return (
        QuarterLock.history.filter(agreement=agreement, year=period.year, quarter=period.number)
        .select_related("history_user", "changed_by")
        .order_by("history_date", "history_id")
    )
