"""The joint committee's dashboard and the entries list behind its numbers (read-only)."""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import NoReverseMatch
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from agreement import permissions
from agreement.access import get_agreement_for_user
from agreement.links import kept_reverse
from agreement.page_cache import kept_fragment
from agreement.replica import reads_from_replica
from committee.reporting import decision_counts
from dashboard import board_charts as charts
from dashboard.figures import build_dashboard
from dashboard.filters import DashboardFilterForm, EntryFilterForm
from dashboard.listings import entries_for
from obligations.models import ProgressEntry, Status

ENTRIES_PER_PAGE = 50
ReviewState = ProgressEntry.ReviewState


def url_or_blank(name: str, *args, query: str = "") -> str:
    """A link to a view that another area may not have landed yet: '' until it exists."""
    try:
        url = kept_reverse(name, *args)
    except NoReverseMatch:
        return ""
    return f"{url}?{query}" if query else url


class Links:
    """The URL of the filtered list behind each number on the dashboard."""

    def __init__(self, agreement, filters):
        self.reference = agreement.reference
        self.filters = filters
        self._paths: dict[tuple, str] = {}  # each list's path reversed once per board (about 140 links)

    def _url(self, name: str, *args, query: str = "") -> str:
        key = (name, *args)
        if key not in self._paths:
            self._paths[key] = url_or_blank(name, *args)
        path = self._paths[key]
        return f"{path}?{query}" if path and query else path

    def commitments(self, **params) -> str:
        params = {"owner": self.filters.party, "status": self.filters.status, **params}
        query = urlencode({key: value for key, value in params.items() if value})
        return self._url("commitment_list", self.reference, query=query)

    def commitment(self, commitment) -> str:
        return self._url("commitment_detail", self.reference, commitment.number)

    def entries(self, **params) -> str:
        return self._url("entry_list", self.reference, query=self.filters.querystring(**params))

    def evaluations(self, quarter) -> str:
        return self._url("evaluation_list", self.reference, query=urlencode({"quarter": str(quarter)}))

    def by_party(self, party="") -> str:
        return self.commitments(owner=party) if party else self.commitments()

    def by_status(self, status="") -> str:
        return self.commitments(status=status)


def _summary_urls(links: Links, agreement) -> dict:
    return {
        "commitments": links.commitments(),
        "overdue": links.commitments(overdue="1"),
        "stale": links.commitments(stale="1"),
        "stale_days": settings.PEYMAN_STALE_AFTER_DAYS,
        "entries": links.entries(),
        "awaiting": links.entries(review=ReviewState.SUBMITTED),
        "accepted": links.entries(review=ReviewState.ACCEPTED),
        "returned": links.entries(review=ReviewState.RETURNED),
        "review": url_or_blank("review_queue", agreement.reference),
    }


def _party_rows(board, links: Links) -> list[dict]:
    """The per-party table: every count with the link to the commitments it counts."""
    rows = []
    for figures in [*board.per_party, board.overall]:
        owner = {"owner": figures.code} if figures.code else {}
        rows.append(
            {
                "figures": figures,
                "name": charts.party_name(figures) if figures.code else _("All"),
                "is_total": not figures.code,
                "total_url": links.commitments(**owner),
                "statuses": [
                    (figures.by_status[value], links.commitments(status=value, **owner)) for value in Status.values
                ],
                "overdue_url": links.commitments(overdue="1", **owner),
                "stale_url": links.commitments(stale="1", **owner),
            }
        )
    return rows


def _reader_context(request, agreement, **context):
    return {"agreement": agreement, **context}


@login_required
@require_GET
@reads_from_replica
def dashboard(request, reference):
    """Where the agreement stands: progress, statuses, flags, entries, evaluations, activity."""
    agreement = get_agreement_for_user(request, reference)
    form = DashboardFilterForm(request.GET or None, agreement=agreement)
    filters = form.filters()
    can_review = permissions.is_monitor(request.user, agreement)
    board_html = kept_fragment(
        agreement,
        "dashboard",
        vary=f"{filters.querystring()}|{'reviewer' if can_review else 'reader'}",
        render=lambda: render_to_string("dashboard/_board.html", _board_context(agreement, filters), request),
    )
    context = _reader_context(request, agreement, form=form, filters=filters, board_html=board_html)
    return render(request, "dashboard/dashboard.html", context)


def _board_context(agreement, filters) -> dict:
    """Every figure under the filters, from the one set of functions in dashboard.figures."""
    board = build_dashboard(agreement, filters)
    links = Links(agreement, filters)
    quarter = board.evaluations.quarter
    return {
        "agreement": agreement,
        "board": board,
        "urls": _summary_urls(links, agreement),
        "party_rows": _party_rows(board, links),
        "evaluation_quarter_label": quarter.label if quarter else "",
        "evaluations_url": links.evaluations(quarter) if quarter else "",
        "ring": charts.overall_ring(board.overall, link=links.by_party),
        "party_chart": charts.party_progress_chart(board.per_party, link=lambda party="": links.by_party(party)),
        "status_chart": charts.status_chart(board.overall, link=lambda status="": links.by_status(status)),
        "rag_chart": charts.rag_chart(board.overall),
        "quarter_chart": charts.quarter_chart(
            board.entries.quarters, link=lambda quarter: links.entries(quarter=quarter)
        ),
        "county_chart": charts.county_chart(board.counties, link=lambda county: links.entries(county=county)),
        "commitment_chart": charts.commitment_chart(board.commitments, link=links.commitment),
        "rating_chart": charts.rating_chart(
            board.evaluations.by_rating, link=lambda rating="": links.evaluations(quarter) if quarter else ""
        ),
        "statuses": Status.choices,
        # The joint committee's decisions are followed up outside the numbered commitments.
        "decisions": decision_counts(agreement, timezone.localdate()),
        "export_query": filters.querystring(),
        "commitment_export_query": filters.commitment_list_params(),
    }


@login_required
@require_GET
@reads_from_replica
def entry_list(request, reference):
    """Progress entries of the agreement, filtered as the dashboard's numbers are, newest first."""
    agreement = get_agreement_for_user(request, reference)
    form = EntryFilterForm(request.GET or None, agreement=agreement)
    filters = form.filters()
    page = Paginator(entries_for(agreement, filters), ENTRIES_PER_PAGE).get_page(request.GET.get("page"))
    context = _reader_context(
        request,
        agreement,
        form=form,
        filters=filters,
        page=page,
        export_query=filters.querystring(),
    )
    return render(request, "dashboard/entry_list.html", context)
