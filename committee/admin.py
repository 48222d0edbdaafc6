from django.contrib import admin

from agreement.admin_base import PeymanAdmin
from committee.models import Decision, Meeting, Minutes, Programme, ProgrammeCorrection


class MinutesInline(admin.TabularInline):
    model = Minutes
    extra = 0
    can_delete = False
    readonly_fields = ["version", "text", "replaces", "correction_reason", "written_by", "created_at"]


@admin.register(Meeting)
class MeetingAdmin(PeymanAdmin):
    list_display = ["agreement", "year", "number", "starts_at", "state"]
    list_filter = ["agreement", "state", "year"]
    readonly_fields = ["state", "held_at"]
    inlines = [MinutesInline]


@admin.register(Decision)
class DecisionAdmin(PeymanAdmin):
    list_display = ["meeting", "position", "commitment"]
    list_select_related = ["meeting", "commitment"]
    readonly_fields = ["meeting", "position", "commitment"]


class CorrectionInline(admin.TabularInline):
    model = ProgrammeCorrection
    extra = 0


@admin.register(Programme)
class ProgrammeAdmin(PeymanAdmin):
    list_display = ["title_fa", "agreement", "starts_on", "hijri_month", "hijri_day"]
    list_filter = ["agreement"]
    inlines = [CorrectionInline]
