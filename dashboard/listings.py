"""The lists behind the dashboard's numbers, shared by their pages and their exports."""

from dashboard.filters import DashboardFilters
from monitoring.models import Evaluation
from obligations.models import ProgressEntry


def entries_for(agreement, filters: DashboardFilters):
    """Entries of one agreement within the filters, newest first, with what a row shows."""
    return (
        ProgressEntry.objects.filter(commitment__agreement=agreement)
        .filter(filters.entry_q())
        .select_related("commitment__owner", "author", "party", "county", "reviewed_by")
        .order_by("-created_at", "-pk")
    )


def evaluations_for(agreement, *, quarter=None):
    """Evaluations of one agreement (of one quarter, when given), in commitment order."""
    evaluations = Evaluation.objects.filter(commitment__agreement=agreement)
    if quarter is not None:
        evaluations = evaluations.filter(year=quarter.year, quarter=quarter.number)
    return evaluations.select_related("commitment__owner", "evaluated_by").order_by(
        "-year", "-quarter", "commitment__position", "commitment__number"
    )
