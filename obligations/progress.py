"""The progress rule: how far a commitment has come, written once for the database and once for Python.

In words (the sentence pages and reports show is `RULE_SENTENCE`):

- Only entries that count are used: *reported* figures count entries awaiting review or accepted,
  *verified* figures count accepted entries only. Returned and withdrawn entries never count.
- The latest entry is the one with the latest date of the work, then the latest logging time.
- No entry that counts: 0, and the commitment has not started.
- The latest entry says *completed*: 100.
- With a target, a *cumulative* indicator (households insured, houses built) is the sum of the
  entries' quantities divided by the target; a *level* indicator (a share that goes up and down)
  is (latest quantity - baseline) / (target - baseline).
- Without a target: the percent of the latest entry that states one.
- Every figure is a whole percent, rounded down (a commitment shows 100 only when it is there),
  between 0 and 100.

`progress_annotations()` is the rule as SQL for any number of commitments in one query;
`compute_progress()` is the same rule over entries already in memory. `tests/test_progress_rule.py`
checks that the two agree on random histories, and that every page, export and PDF shows them.
Quantities are compared in whole hundredths (the fields have two decimals) so that SQLite's
floating point and PostgreSQL's numeric give the same answer as Python.
"""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db import models
from django.db.models import Case, F, IntegerField, OuterRef, Q, Subquery, Sum, Value, When
from django.db.models.functions import Cast, Coalesce, Greatest, Least, Round
from django.utils.translation import gettext_lazy as _

# The same words for the dashboard, the commitment pages and the report.
RULE_SENTENCE = _(
    "Progress counts entries awaiting review or accepted (verified: accepted only); returned and "
    "withdrawn entries never count. A commitment whose latest entry says it is completed is at 100%. "
    "With a target, quantities that add up are summed and divided by the target, and a level (such as "
    "a share) is measured from the baseline to the target by its latest value; without a target, the "
    "latest reported percent is used. Figures are rounded down."
)


class IndicatorKind(models.TextChoices):
    CUMULATIVE = "cumulative", _("Cumulative: quantities add up")
    LEVEL = "level", _("Level: the latest value is the state")


REPORTED = "reported"
VERIFIED = "verified"
COMPLETED = "completed"
NOT_STARTED = "not_started"


def counted_entries(entries, basis: str):
    """Entries that count for `basis` (a queryset): reported = awaiting or accepted; verified = accepted."""
    live = entries.filter(withdrawn_at__isnull=True)
    if basis == VERIFIED:
        return live.filter(review_state="accepted")
    return live.filter(review_state__in=["submitted", "accepted"])


def _counts(entry, basis: str) -> bool:
    if entry.withdrawn_at is not None:
        return False
    return entry.review_state == "accepted" if basis == VERIFIED else entry.review_state in ("submitted", "accepted")


def _cents(value) -> int:
    return int((Decimal(value) * 100).to_integral_value())


def _truncated_division(numerator: int, denominator: int) -> int:
    """Integer division toward zero, as PostgreSQL and SQLite divide integers."""
    quotient = abs(numerator) // abs(denominator)
    return quotient if (numerator >= 0) == (denominator > 0) else -quotient


def _clamp(value: int) -> int:
    return max(0, min(100, value))


@dataclass(frozen=True)
class Figure:
    """One basis (reported or verified) of one commitment's progress."""

    percent: int
    status: str  # the latest counted entry's status, or not started
    value: Decimal | None  # the indicator's value: the sum (cumulative) or the latest quantity (level)


@dataclass(frozen=True)
class Progress:
    reported: Figure
    verified: Figure

    @property
    def status(self) -> str:
        return self.reported.status


def _latest(entries):
    return max(entries, key=lambda e: (e.happened_on, e.created_at, e.pk), default=None)


def compute_figure(commitment, entries, basis: str, *, as_of: dt.date | None = None) -> Figure:
    """The rule over entries in memory (any iterable of ProgressEntry of this commitment)."""
    counted = [e for e in entries if _counts(e, basis) and (as_of is None or e.happened_on <= as_of)]
    latest = _latest(counted)
    with_quantity = [e for e in counted if e.quantity is not None]
    if commitment.indicator_kind == IndicatorKind.LEVEL:
        latest_value = _latest(with_quantity)
        value = latest_value.quantity if latest_value else None
    else:
        value = sum((e.quantity for e in with_quantity), Decimal(0)) if with_quantity else None
    with_percent = _latest([e for e in counted if e.percent_complete is not None])
    return figure_from(
        commitment,
        latest_status=latest.reported_status if latest else None,
        value=value,
        latest_percent=with_percent.percent_complete if with_percent else None,
    )


def figure_from(commitment, *, latest_status: str | None, value: Decimal | None, latest_percent: int | None) -> Figure:
    """The rule's last step, from what it needs of the counted entries: the latest one's status
    (None when none counts), the indicator's value (the sum of quantities, or the latest quantity
    for a level) and the latest percent stated. compute_figure() and the figures kept on write
    (Commitment.apply_entry_change) both end here."""
    if latest_status is None:
        return Figure(0, NOT_STARTED, value)
    if latest_status == COMPLETED:
        return Figure(100, latest_status, value)
    target = commitment.indicator_target
    if target is not None:
        if commitment.indicator_kind == IndicatorKind.LEVEL:
            baseline = _cents(commitment.indicator_baseline or 0)
            span = _cents(target) - baseline
            if value is None:
                percent = 0
            elif span == 0:
                percent = 100 if _cents(value) >= _cents(target) else 0
            else:
                percent = _truncated_division((_cents(value) - baseline) * 100, span)
        else:
            # The value is the sum of the quantities (two decimals each), so its cents are the sum's.
            percent = _truncated_division(_cents(value or 0) * 100, _cents(target))
        return Figure(_clamp(percent), latest_status, value)
    return Figure(_clamp(latest_percent or 0), latest_status, value)


def compute_progress(commitment, entries, *, as_of: dt.date | None = None) -> Progress:
    entries = list(entries)
    return Progress(
        reported=compute_figure(commitment, entries, REPORTED, as_of=as_of),
        verified=compute_figure(commitment, entries, VERIFIED, as_of=as_of),
    )


# ---- The same rule in SQL ----------------------------------------------------------------


def _cents_expression(expression):
    return Cast(Round(expression * Value(100)), IntegerField())


def progress_annotations(basis: str, *, as_of: dt.date | None = None, prefix: str = "", entry_model=None) -> dict:
    """Annotations for a Commitment queryset: `{prefix}{basis}_percent`, `_status` and `_value`.

    One subquery per figure, each served by the (commitment, -happened_on, -created_at) index.
    """
    if entry_model is None:  # a migration passes its historical model
        from obligations.models import ProgressEntry as entry_model

    entries = counted_entries(entry_model.objects.filter(commitment=OuterRef("pk")), basis)
    if as_of is not None:
        entries = entries.filter(happened_on__lte=as_of)
    newest = entries.order_by("-happened_on", "-created_at", "-pk")
    latest_status = Subquery(newest.values("reported_status")[:1])
    latest_percent = Subquery(
        newest.exclude(percent_complete__isnull=True).values("percent_complete")[:1], output_field=IntegerField()
    )
    latest_quantity = Subquery(newest.exclude(quantity__isnull=True).values("quantity")[:1])
    total_cents = Subquery(
        entries.exclude(quantity__isnull=True)
        .order_by()
        .values("commitment")
        .annotate(total=Sum(_cents_expression(F("quantity"))))
        .values("total")[:1],
        output_field=IntegerField(),
    )
    total = Subquery(
        entries.exclude(quantity__isnull=True)
        .order_by()
        .values("commitment")
        .annotate(total=Sum("quantity"))
        .values("total")[:1]
    )
    name = f"{prefix}{basis}"
    target = _cents_expression(F("indicator_target"))
    baseline = _cents_expression(Coalesce(F("indicator_baseline"), Value(Decimal(0))))
    level = Q(indicator_kind=IndicatorKind.LEVEL)

    def clamp(expression):
        return Greatest(Value(0), Least(Value(100), expression))

    percent = Case(
        When(**{f"{name}_status__isnull": True}, then=Value(0)),
        When(**{f"{name}_status": COMPLETED}, then=Value(100)),
        When(Q(indicator_target__isnull=True), then=Coalesce(latest_percent, Value(0))),
        When(level & Q(**{f"{name}_value__isnull": True}), then=Value(0)),
        When(
            level & Q(indicator_target=Coalesce(F("indicator_baseline"), Value(Decimal(0)))),
            then=Case(When(**{f"{name}_value__gte": F("indicator_target")}, then=Value(100)), default=Value(0)),
        ),
        When(level, then=clamp((_cents_expression(F(f"{name}_value")) - baseline) * Value(100) / (target - baseline))),
        default=clamp(Coalesce(total_cents, Value(0)) * Value(100) / target),
        output_field=IntegerField(),
    )
    return {
        f"{name}_status": latest_status,
        f"{name}_value": Case(When(level, then=latest_quantity), default=total),
        f"{name}_percent": percent,
    }


def mean_of(total: int, count: int) -> int:
    """The mean of `count` whole percents adding up to `total`, halves rounded up; 0 for none."""
    return (2 * total + count) // (2 * count) if count else 0


def mean_percent(values) -> int:
    """The mean of whole percents: what the dashboard and the report show for a group."""
    values = list(values)
    return mean_of(sum(values), len(values))
