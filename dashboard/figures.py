"""The dashboard's figures, each computed in the database in a fixed number of queries.

Nothing here loops over entries in Python. The commitments (a few dozen to a few hundred per
agreement) are read once with their flags, and counted, listed for attention and charted from that
one list: compiling three annotated queries cost more than counting the rows. The entries come from their
stored counts per commitment, quarter and county (obligations.models.QuarterFigures) summed per
quarter and county in one query, and lists are sliced querysets. Neither the query count nor the
rows read grow with the number of entries.
"""

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db.models import Count, Min, Q, Sum
from django.utils import timezone

from agreement.compiled import compiled_once
from agreement.jalali import Quarter
from dashboard.filters import DashboardFilters
from monitoring.models import Evaluation, Rating
from obligations.models import Commitment, ProgressEntry, QuarterFigures, Review, Status
from obligations.progress import RULE_SENTENCE, mean_of

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

    from agreement.models import Party

QUARTER_COLUMNS = 6  # what fits a 360 px phone without scrolling
RECENT_ITEMS = 8
ATTENTION_ITEMS = 10
LATEST_EVALUATIONS = 12
ReviewState = ProgressEntry.ReviewState


def rag(percent) -> str:
    """green / amber / red for a progress percent, by PEYMAN_RAG_GREEN_PERCENT and _AMBER_PERCENT."""
    if percent is None:
        return "red"
    if percent >= settings.PEYMAN_RAG_GREEN_PERCENT:
        return "green"
    if percent >= settings.PEYMAN_RAG_AMBER_PERCENT:
        return "amber"
    return "red"


def _commitment_figures() -> dict:
    """Aggregates over commitments annotated with `is_overdue` and `is_stale`."""
    green, amber = settings.PEYMAN_RAG_GREEN_PERCENT, settings.PEYMAN_RAG_AMBER_PERCENT
    figures = {
        "total": Count("pk"),
        "sum_progress": Sum("progress_reported"),
        "sum_verified": Sum("progress_verified"),
        "overdue": Count("pk", filter=Q(is_overdue=True)),
        "stale": Count("pk", filter=Q(is_stale=True)),
        "rag_green": Count("pk", filter=Q(progress_reported__gte=green)),
        "rag_amber": Count("pk", filter=Q(progress_reported__gte=amber, progress_reported__lt=green)),
        "rag_red": Count("pk", filter=Q(progress_reported__lt=amber)),
    }
    figures.update({f"status_{value}": Count("pk", filter=Q(status=value)) for value in Status.values})
    return figures


@dataclass
class Figures:
    """One row of commitment figures (overall, or one party's)."""

    total: int = 0
    progress: int = 0  # the mean of the commitments' reported progress
    verified: int = 0  # the mean of their verified progress
    overdue: int = 0
    stale: int = 0
    rag_green: int = 0
    rag_amber: int = 0
    rag_red: int = 0
    by_status: dict = field(default_factory=dict)
    party: "Party | None" = None  # a Party, or None for joint commitments / the overall row
    code: str = ""  # the `party` filter value: a party code or "joint"

    @classmethod
    def from_row(cls, row: dict, **extra) -> "Figures":
        by_status = {value: row.get(f"status_{value}") or 0 for value in Status.values}
        names = ("total", "overdue", "stale", "rag_green", "rag_amber", "rag_red")
        numbers: dict[str, Any] = {name: row.get(name) or 0 for name in names}
        total = numbers["total"]
        return cls(
            progress=mean_of(row.get("sum_progress") or 0, total),
            verified=mean_of(row.get("sum_verified") or 0, total),
            by_status=by_status,
            **numbers,
            **extra,
        )

    @property
    def rag(self) -> str:
        return rag(self.progress if self.total else None)


def commitments_of(agreement, filters: DashboardFilters):
    return Commitment.objects.filter(agreement=agreement).filter(filters.commitment_q())


def selected_commitments(agreement, filters: DashboardFilters, now) -> list[Commitment]:
    """Every selected commitment with its owner and its `is_overdue` and `is_stale` flags, in agreement
    order: the one query the commitment figures, the attention list and the progress chart share."""
    return list(
        commitments_of(agreement, filters).with_flags(now).select_related("owner").order_by("position", "number")
    )


def _figures_row(commitments: list) -> dict:  # Commitments annotated by with_flags()
    """_commitment_figures()'s aggregates over commitments already read (the same counts and sums)."""
    green, amber = settings.PEYMAN_RAG_GREEN_PERCENT, settings.PEYMAN_RAG_AMBER_PERCENT
    row = {
        "total": len(commitments),
        "sum_progress": sum(c.progress_reported for c in commitments),
        "sum_verified": sum(c.progress_verified for c in commitments),
        "overdue": sum(1 for c in commitments if c.is_overdue),
        "stale": sum(1 for c in commitments if c.is_stale),
        "rag_green": sum(1 for c in commitments if c.progress_reported >= green),
        "rag_amber": sum(1 for c in commitments if amber <= c.progress_reported < green),
        "rag_red": sum(1 for c in commitments if c.progress_reported < amber),
    }
    row.update({f"status_{value}": sum(1 for c in commitments if c.status == value) for value in Status.values})
    return row


def commitment_figures(
    agreement, filters: DashboardFilters, commitments: list[Commitment]
) -> tuple[Figures, list[Figures]]:
    """One row per owner (each party, then joint) and the overall row, from selected_commitments()."""
    by_owner: dict[int | None, list[Commitment]] = {}
    for commitment in commitments:
        by_owner.setdefault(commitment.owner_id, []).append(commitment)
    rows = {owner: _figures_row(owned) for owner, owned in by_owner.items()}
    overall = Figures.from_row(_figures_row(commitments))
    per_party = []
    for signatory in agreement.signatories.all():
        if signatory.party_id in rows or not filters.party:
            per_party.append(
                Figures.from_row(rows.get(signatory.party_id, {}), party=signatory.party, code=signatory.party.code)
            )
    if None in rows or not filters.party:
        per_party.append(Figures.from_row(rows.get(None, {}), code="joint"))
    return overall, per_party


def figures_by_agreement(agreement_ids, now) -> dict[int, Figures]:
    """The overall row of commitment_figures() for many agreements at once, in one query: the same
    aggregates grouped by agreement instead of by owner (every figure is a count or a sum, so the
    overall row is the same whichever way it is grouped). The portfolio reads this."""
    annotated = Commitment.objects.filter(agreement_id__in=agreement_ids).with_flags(now)
    rows = annotated.order_by().values("agreement").annotate(**_commitment_figures())
    return {row["agreement"]: Figures.from_row(row) for row in rows}


def quarter_window(filters: DashboardFilters, today: dt.date) -> list[Quarter]:
    """The quarters the entries-per-quarter chart shows, oldest first, ending at the chosen quarter."""
    last = filters.quarter or Quarter.containing(today)
    quarters = [last]
    while len(quarters) < QUARTER_COLUMNS:
        quarters.append(quarters[-1].previous())
    return quarters[::-1]


@dataclass
class QuarterCounts:
    quarter: Quarter
    accepted: int
    awaiting: int
    returned: int

    @property
    def total(self) -> int:
        return self.accepted + self.awaiting + self.returned


@dataclass
class EntryFigures:
    total: int
    awaiting: int
    accepted: int
    returned: int
    withdrawn: int
    oldest_awaiting: dt.datetime | None
    quarters: list[QuarterCounts]


def quarter_counts(agreement, filters: DashboardFilters) -> list[dict]:
    """The stored entry counts (QuarterFigures) within the party, status and county filters, summed
    per quarter and county: one query, at most a row per quarter and county whatever the number of
    entries (the rows are kept up to date on every write)."""
    summed = compiled_once(
        ("dashboard.quarter_counts", agreement.pk, filters.key()), lambda: _quarter_counts(agreement.pk, filters)
    )
    return [
        {
            "quarter": Quarter(row["year"], row["quarter"]),
            "county": row["county"],
            **{name: row[f"n_{name}"] for name in ("awaiting", "accepted", "returned", "withdrawn", "oldest_awaiting")},
        }
        for row in summed
    ]


def _quarter_counts(agreement_id: int, filters: DashboardFilters):
    rows = QuarterFigures.objects.filter(commitment__agreement_id=agreement_id).filter(
        filters.commitment_q("commitment__")
    )
    if filters.county is not None:
        rows = rows.filter(county_id=filters.county.pk)
    # Aliases apart from the field names: an aggregate may not take a field's name.
    return (
        rows.order_by()
        .values("year", "quarter", "county")
        .annotate(
            n_awaiting=Sum("awaiting"),
            n_accepted=Sum("accepted"),
            n_returned=Sum("returned"),
            n_withdrawn=Sum("withdrawn"),
            n_oldest_awaiting=Min("oldest_awaiting"),
        )
    )


def entry_figures(counts: list[dict], filters: DashboardFilters, today: dt.date) -> EntryFigures:
    """Entries by review state (in the chosen quarter, if any) and per quarter for the chart."""
    chosen = [row for row in counts if filters.quarter is None or row["quarter"] == filters.quarter]
    totals = {name: sum(row[name] for row in chosen) for name in ("awaiting", "accepted", "returned", "withdrawn")}
    waiting = [row["oldest_awaiting"] for row in chosen if row["oldest_awaiting"] is not None]
    quarters = []
    for quarter in quarter_window(filters, today):
        in_quarter = [row for row in counts if row["quarter"] == quarter]
        quarters.append(
            QuarterCounts(
                quarter,
                accepted=sum(row["accepted"] for row in in_quarter),
                awaiting=sum(row["awaiting"] for row in in_quarter),
                returned=sum(row["returned"] for row in in_quarter),
            )
        )
    total = totals["awaiting"] + totals["accepted"] + totals["returned"]
    return EntryFigures(total=total, **totals, oldest_awaiting=min(waiting, default=None), quarters=quarters)


def entries_by_county(agreement, counts: list[dict], filters: DashboardFilters) -> list[tuple[object, int]]:
    """Live entries per county (in the chosen quarter, if any), in the agreement's county order."""
    per_county: dict[int | None, int] = {}  # county pk (None: no county) -> live entries
    for row in counts:
        if filters.quarter is None or row["quarter"] == filters.quarter:
            live = row["awaiting"] + row["accepted"] + row["returned"]
            per_county[row["county"]] = per_county.get(row["county"], 0) + live
    return [(county, per_county.get(county.pk, 0)) for county in agreement.counties.all()]


def commitments_needing_attention(commitments: list) -> list:  # annotated by with_flags()
    """Overdue or stale commitments from selected_commitments(), overdue ones first by due date."""
    flagged = [c for c in commitments if c.is_overdue or c.is_stale]
    # As PostgreSQL orders them: overdue (true) first, then false, then NULL (no due date); due
    # dates ascending with none last; then the agreement's order, which the list already has.
    flagged.sort(key=lambda c: ({True: 0, False: 1, None: 2}[c.is_overdue], c.due_on is None, c.due_on or dt.date.min))
    return flagged[:ATTENTION_ITEMS]


def evaluation_quarter(agreement, filters: DashboardFilters) -> Quarter | None:
    """The chosen quarter, or else the latest one with any evaluation (one query)."""
    if filters.quarter is not None:
        return filters.quarter
    latest = next(
        iter(
            compiled_once(
                ("dashboard.evaluation_quarter", agreement.pk),
                lambda: (
                    Evaluation.objects.filter(commitment__agreement_id=agreement.pk)
                    .order_by("-year", "-quarter")
                    .values_list("year", "quarter")[:1]
                ),
            )
        ),
        None,
    )
    return Quarter(*latest) if latest else None


@dataclass
class EvaluationFigures:
    quarter: Quarter | None
    by_rating: dict
    latest: list


def _evaluations(agreement_id: int, filters: DashboardFilters, quarter: Quarter):
    return Evaluation.objects.filter(
        filters.commitment_q("commitment__"),
        commitment__agreement_id=agreement_id,
        year=quarter.year,
        quarter=quarter.number,
    )


def evaluation_figures(agreement, filters: DashboardFilters) -> EvaluationFigures:
    """The quarter's ratings counted, and its evaluations beside each commitment's reported status."""
    quarter = evaluation_quarter(agreement, filters)
    if quarter is None:
        return EvaluationFigures(None, {}, [])
    key = (agreement.pk, filters.key(), str(quarter))
    counted = dict(
        compiled_once(
            ("dashboard.ratings", *key),
            lambda: (
                _evaluations(agreement.pk, filters, quarter).order_by().values_list("rating").annotate(n=Count("pk"))
            ),
        )
    )
    by_rating = {value: counted.get(value, 0) for value in Rating.values}
    latest = list(
        compiled_once(
            ("dashboard.latest_evaluations", *key),
            lambda: (
                _evaluations(agreement.pk, filters, quarter)
                .select_related("commitment__owner", "evaluated_by")
                .order_by("-evaluated_at", "commitment__position")[:LATEST_EVALUATIONS]
            ),
        )
    )
    return EvaluationFigures(quarter, by_rating, latest)


@dataclass
class Activity:
    """One line of recent activity: an entry logged, or a review decision on one."""

    when: dt.datetime
    entry: ProgressEntry
    who: object
    review: Review | None = None


def recent_activity(agreement, filters: DashboardFilters) -> list[Activity]:
    """The latest entries and review decisions, merged newest first: two queries."""
    key = (agreement.pk, filters.key())
    entries = compiled_once(
        ("dashboard.recent_entries", *key),
        lambda: (
            ProgressEntry.objects.filter(commitment__agreement_id=agreement.pk)
            .filter(filters.entry_q())
            .select_related("commitment", "author", "party", "county")
            .order_by("-created_at")[:RECENT_ITEMS]
        ),
    )
    reviews = compiled_once(
        ("dashboard.recent_reviews", *key),
        lambda: (
            Review.objects.filter(entry__commitment__agreement_id=agreement.pk)
            .filter(_prefixed(filters.entry_q(), "entry__"))
            .select_related("entry__commitment", "entry__party", "entry__county", "actor")
            .order_by("-created_at")[:RECENT_ITEMS]
        ),
    )
    items = [Activity(entry.created_at, entry, entry.author) for entry in entries]
    items += [Activity(review.created_at, review.entry, review.actor, review) for review in reviews]
    items.sort(key=lambda item: item.when, reverse=True)
    return items[:RECENT_ITEMS]


def _prefixed(condition: Q, prefix: str) -> Q:
    """The same Q with every lookup reached through a relation (e.g. from Review to its entry)."""
    prefixed = Q(_connector=condition.connector, _negated=condition.negated)
    for child in condition.children:
        if isinstance(child, Q):
            prefixed.children.append(_prefixed(child, prefix))
        else:
            assert isinstance(child, tuple)  # a (lookup, value) pair: the filters build no expressions
            prefixed.children.append((prefix + child[0], child[1]))
    return prefixed


@dataclass
class Dashboard:
    filters: DashboardFilters
    overall: Figures
    per_party: list[Figures]
    entries: EntryFigures
    counties: list
    attention: list
    commitments: list
    evaluations: EvaluationFigures
    activity: list[Activity]
    progress_rule: "StrOrPromise" = RULE_SENTENCE
    rag_green: int = field(default_factory=lambda: settings.PEYMAN_RAG_GREEN_PERCENT)
    rag_amber: int = field(default_factory=lambda: settings.PEYMAN_RAG_AMBER_PERCENT)


def build_dashboard(agreement, filters: DashboardFilters, now: dt.datetime | None = None) -> Dashboard:
    """Every figure on the dashboard, for one agreement and one set of filters."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    commitments = selected_commitments(agreement, filters, now)
    overall, per_party = commitment_figures(agreement, filters, commitments)
    counts = quarter_counts(agreement, filters)
    return Dashboard(
        filters=filters,
        overall=overall,
        per_party=per_party,
        entries=entry_figures(counts, filters, today),
        counties=entries_by_county(agreement, counts, filters),
        attention=commitments_needing_attention(commitments),
        commitments=commitments,
        evaluations=evaluation_figures(agreement, filters),
        activity=recent_activity(agreement, filters),
    )
