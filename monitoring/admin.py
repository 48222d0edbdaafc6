from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from agreement.admin_base import PeymanAdmin
from monitoring.models import Evaluation, QuarterLock


@admin.register(Evaluation)
class EvaluationAdmin(PeymanAdmin):
    list_display = ["commitment", "year", "quarter", "rating", "evaluated_by", "evaluated_at"]
    list_filter = ["year", "quarter", "rating", "commitment__agreement"]
    list_select_related = ["commitment", "evaluated_by"]
    persian_search_fields = ("assessment", "commitment__number")


@admin.register(QuarterLock)
class QuarterLockAdmin(SimpleHistoryAdmin):
    list_display = ["agreement", "year", "quarter", "locked", "changed_by", "changed_at"]
    list_filter = ["locked", "agreement"]
