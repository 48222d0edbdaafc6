from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from agreement.admin_base import AppendOnlyAdminMixin, PeymanAdmin
from monitoring.models import Evaluation, QuarterLock


@admin.register(Evaluation)
class EvaluationAdmin(AppendOnlyAdminMixin, PeymanAdmin):
    list_display = ["commitment", "year", "quarter", "rating", "evaluated_by", "evaluated_at"]
    list_filter = ["year", "quarter", "rating", "commitment__agreement"]
    list_select_related = ["commitment", "evaluated_by"]
    persian_search_fields = ("assessment", "commitment__number")

    def is_locked(self, obj) -> bool:
        """An issued quarter's evaluations are what its report says: no one edits them, here either."""
        return QuarterLock.is_locked(obj.commitment.agreement, obj.period)

    def has_add_permission(self, request):
        # Monitors evaluate on the evaluation page, which checks the lock and the quarter.
        return False


@admin.register(QuarterLock)
class QuarterLockAdmin(AppendOnlyAdminMixin, SimpleHistoryAdmin):
    """Locks are set by issuing a report and lifted only through the reopen form, with a reason."""

    list_display = ["agreement", "year", "quarter", "locked", "changed_by", "changed_at"]
    list_filter = ["locked", "agreement"]

    def is_locked(self, obj) -> bool:
        return True

    def has_add_permission(self, request):
        return False
