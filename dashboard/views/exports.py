"""Downloads of the filtered lists, with the same GET filters as the page each one exports.

`?format=csv` (the default) or `?format=xlsx`. Commitments take the commitments page's filters
(owner, status, overdue, stale, q), entries the entries list's (party, status, quarter, county,
review), evaluations the evaluations page's (quarter; without it, every quarter).
"""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponseBadRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from agreement.access import get_agreement_for_user
from agreement.jalali import DateInputError, Quarter
from agreement.replica import reads_from_replica
from committee.models import Decision
from dashboard import exports
from dashboard.filters import EntryFilterForm
from dashboard.listings import entries_for, evaluations_for
from obligations.filters import filter_commitments
from obligations.models import Commitment

ROWS_PER_FETCH = 2000


def _format(request) -> str | None:
    value = request.GET.get("format", "csv").lower()
    return value if value in exports.FORMATS else None


def _bad_format():
    return HttpResponseBadRequest(_("Choose format=csv or format=xlsx."), content_type="text/plain; charset=utf-8")


def _filename(agreement, what: str) -> str:
    return f"{agreement.reference}-{what}-{timezone.localdate().isoformat()}"


@login_required
@require_GET
@reads_from_replica
def export_commitments(request, reference):
    """The commitments page's list, filtered the same way."""
    agreement = get_agreement_for_user(request, reference)
    format_ = _format(request)
    if format_ is None:
        return _bad_format()
    now = timezone.now()
    queryset, _filters = filter_commitments(Commitment.objects.filter(agreement=agreement), request.GET, now)
    rows = queryset.with_last_entry().with_flags(now).select_related("owner").order_by("position", "number")
    return exports.export_response(
        format_,
        exports.COMMITMENT_COLUMNS,
        rows,
        filename=_filename(agreement, "commitments"),
        title=_("Commitments"),
    )


@login_required
@require_GET
@reads_from_replica
def export_entries(request, reference):
    """The entries list, filtered the same way."""
    agreement = get_agreement_for_user(request, reference)
    format_ = _format(request)
    if format_ is None:
        return _bad_format()
    filters = EntryFilterForm(request.GET, agreement=agreement).filters()
    rows = entries_for(agreement, filters)
    return exports.export_response(
        format_, exports.ENTRY_COLUMNS, rows, filename=_filename(agreement, "entries"), title=_("Progress entries")
    )


@login_required
@require_GET
@reads_from_replica
def export_evaluations(request, reference):
    """The evaluations of one quarter (`?quarter=1403-Q3`), or of every quarter."""
    agreement = get_agreement_for_user(request, reference)
    format_ = _format(request)
    if format_ is None:
        return _bad_format()
    quarter = None
    if request.GET.get("quarter"):
        try:
            quarter = Quarter.parse(request.GET["quarter"])
        except DateInputError as error:
            return HttpResponseBadRequest(str(error), content_type="text/plain; charset=utf-8")
    rows = evaluations_for(agreement, quarter=quarter)
    name = f"evaluations-{quarter}" if quarter else "evaluations"
    return exports.export_response(
        format_, exports.EVALUATION_COLUMNS, rows, filename=_filename(agreement, name), title=_("Evaluations")
    )


@login_required
@require_GET
@reads_from_replica
def export_decisions(request, reference):
    """The joint committee's decisions with their follow-up state; `?state=open|overdue|done` as on its page."""
    agreement = get_agreement_for_user(request, reference)
    format_ = _format(request)
    if format_ is None:
        return _bad_format()
    decisions = Decision.objects.of(agreement).for_lists()
    state = request.GET.get("state", "")
    if state == "open":
        decisions = decisions.open()
    elif state == "overdue":
        decisions = decisions.overdue(timezone.localdate())
    elif state == "done":
        decisions = decisions.done()
    return exports.export_response(
        format_, exports.DECISION_COLUMNS, decisions, filename=_filename(agreement, "decisions"), title=_("Decisions")
    )
