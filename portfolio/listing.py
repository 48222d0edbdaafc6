"""The portfolio's rows: every agreement a person may see, each with its figures, in a fixed number of queries.

Progress and overdue counts come from dashboard.figures (the same aggregates as each dashboard's
overall row), the last issued report and the next meeting from one subquery each on the agreement
query; nothing here runs a query per agreement.
"""

import datetime as dt
from dataclasses import dataclass

from django.db.models import OuterRef, Prefetch, Q, Subquery
from django.utils import timezone

from agreement.jalali import Quarter
from agreement.models import Agreement, Party, Signatory
from agreement.persian import search_key
from committee.models import Meeting
from dashboard.figures import Figures, figures_by_agreement
from reports.models import IssuedReport

SORTS = ("title", "progress", "verified", "overdue", "last_report", "next_meeting", "ends_on")


@dataclass
class Row:
    agreement: Agreement
    figures: Figures
    last_report_at: dt.datetime | None
    last_report_year: int | None
    last_report_quarter: int | None
    next_meeting_at: dt.datetime | None
    next_meeting_pk: int | None

    @property
    def party_names(self) -> list[str]:
        return [signatory.party.short_name for signatory in self.agreement.signatories.all()]

    @property
    def last_report_period(self) -> Quarter | None:
        if self.last_report_year is None or self.last_report_quarter is None:
            return None
        return Quarter(self.last_report_year, self.last_report_quarter)


@dataclass(frozen=True)
class Filters:
    q: str = ""
    status: str = ""
    party: str = ""  # a party's code
    overdue: bool = False
    sort: str = "title"
    descending: bool = False

    @classmethod
    def from_query(cls, query) -> "Filters":
        sort = query.get("sort", "title")
        descending = sort.startswith("-")
        sort = sort.lstrip("-")
        status = query.get("status", "")
        return cls(
            q=query.get("q", "").strip(),
            status=status if status in Agreement.Status.values else "",
            party=query.get("party", ""),
            overdue=query.get("overdue") == "1",
            sort=sort if sort in SORTS else "title",
            descending=descending,
        )


def portfolio_rows(user, filters: Filters, now: dt.datetime | None = None) -> list[Row]:
    """The agreements the user may see (no drafts), filtered and sorted: four queries whatever their number."""
    now = now or timezone.now()
    last_report = IssuedReport.objects.filter(agreement=OuterRef("pk")).order_by("-issued_at", "-pk")
    next_meeting = Meeting.objects.filter(agreement=OuterRef("pk"), starts_at__gte=now).order_by("starts_at", "pk")
    agreements = (
        Agreement.objects.visible_to(user)
        .exclude(status=Agreement.Status.DRAFT)
        .annotate(
            last_report_at=Subquery(last_report.values("issued_at")[:1]),
            last_report_year=Subquery(last_report.values("year")[:1]),
            last_report_quarter=Subquery(last_report.values("quarter")[:1]),
            next_meeting_at=Subquery(next_meeting.values("starts_at")[:1]),
            next_meeting_pk=Subquery(next_meeting.values("pk")[:1]),
        )
        .prefetch_related(Prefetch("signatories", queryset=Signatory.objects.select_related("party")))
    )
    if filters.status:
        agreements = agreements.filter(status=filters.status)
    if filters.party:
        agreements = agreements.filter(Q(signatories__party__code=filters.party)).distinct()
    chosen = list(agreements)
    if filters.q:
        key = search_key(filters.q)
        chosen = [a for a in chosen if key in search_key(f"{a.title_fa} {a.title_en} {a.reference}")]
    figures = figures_by_agreement([a.pk for a in chosen], now)
    rows = [
        Row(
            agreement=a,
            figures=figures.get(a.pk, Figures()),
            last_report_at=a.last_report_at,  # annotated above
            last_report_year=a.last_report_year,
            last_report_quarter=a.last_report_quarter,
            next_meeting_at=a.next_meeting_at,
            next_meeting_pk=a.next_meeting_pk,
        )
        for a in chosen
    ]
    if filters.overdue:
        rows = [row for row in rows if row.figures.overdue]
    return sort_rows(rows, filters)


def parties_of(user):
    """Every party of the agreements the user may see, for the party filter: one query."""
    visible = Agreement.objects.visible_to(user).exclude(status=Agreement.Status.DRAFT).values("pk")
    return Party.objects.filter(signatures__agreement__in=visible).distinct().order_by("code")


def sort_rows(rows: list[Row], filters: Filters) -> list[Row]:
    """Sorted by the chosen column; empty values (no report yet, no meeting planned) always last."""
    keys = {
        "title": lambda row: search_key(row.agreement.title),
        "progress": lambda row: row.figures.progress,
        "verified": lambda row: row.figures.verified,
        "overdue": lambda row: row.figures.overdue,
        "last_report": lambda row: row.last_report_at,
        "next_meeting": lambda row: row.next_meeting_at,
        "ends_on": lambda row: row.agreement.ends_on,
    }
    key = keys[filters.sort]
    present = [row for row in rows if key(row) is not None]
    missing = [row for row in rows if key(row) is None]
    present.sort(key=lambda row: (key(row), search_key(row.agreement.title)), reverse=filters.descending)
    return present + missing
