from django.contrib import admin

from agreement.admin_base import PeymanAdmin
from deadlines.models import Escalation, Ladder


@admin.register(Ladder)
class LadderAdmin(PeymanAdmin):
    """Each agreement's days for the steps of its ladder (an agreement without one uses 14/0/14/30)."""

    list_display = ["agreement", "days_before", "overdue_after", "escalate_after", "agenda_after"]
    list_select_related = ["agreement"]
    persian_search_fields = ("agreement__reference",)


@admin.register(Escalation)
class EscalationAdmin(admin.ModelAdmin):
    """The log of steps fired: a record, to look at, not to rewrite."""

    list_display = ["commitment", "due_on", "step", "fired_on", "recipients", "agenda_item"]
    list_filter = ["step"]
    list_select_related = ["commitment", "agenda_item"]
    readonly_fields = ["commitment", "due_on", "step", "fired_on", "fired_at", "recipients", "agenda_item"]

    def has_add_permission(self, request):
        return False
