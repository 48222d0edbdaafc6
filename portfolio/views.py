"""The portfolio: every agreement a person may see, side by side, for people above one agreement."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from agreement.models import Agreement
from agreement.replica import reads_from_replica
from portfolio.listing import SORTS, Filters, parties_of, portfolio_rows


@login_required
@require_safe
@reads_from_replica
def portfolio(request):
    """Each agreement with its reported and verified progress, overdue commitments, last issued
    report, next meeting and end date; sortable and filterable. Read-only for everyone."""
    filters = Filters.from_query(request.GET)
    rows = portfolio_rows(request.user, filters)
    return render(
        request,
        "portfolio/portfolio.html",
        {
            "rows": rows,
            "filters": filters,
            "sorts": SORTS,
            "statuses": [s for s in Agreement.Status if s != Agreement.Status.DRAFT],
            "parties": list(parties_of(request.user)),
            "columns": [
                ("title", _("Agreement")),
                ("progress", _("Progress, reported")),
                ("verified", _("Progress, verified")),
                ("overdue", _("Overdue")),
                ("last_report", _("Last issued report")),
                ("next_meeting", _("Next meeting")),
                ("ends_on", _("End date")),
            ],
            # The filters kept when a column's header changes the order.
            "sort_query": urlencode(
                {
                    "q": filters.q,
                    "status": filters.status,
                    "party": filters.party,
                    "overdue": "1" if filters.overdue else "",
                }
            ),
        },
    )
