from django.contrib import admin

from agreement.admin_base import NoRevertAdminMixin, PeymanAdmin, ViewOnlyAdminMixin
from committee.models import Decision, IssuedMinutes, Meeting, Minutes, Programme, ProgrammeCorrection


class MinutesInline(admin.TabularInline):
    model = Minutes
    extra = 0
    can_delete = False
    readonly_fields = ["version", "text", "replaces", "correction_reason", "written_by", "created_at"]


class OfficialRecordAdminMixin(NoRevertAdminMixin):
    """A meeting whose minutes both parties approved is an official record: its admin pages are
    read-only, and no history "revert" saves an old version back (one turned an approved meeting
    into a draft that took new agenda items). Changes go through the meeting's pages and services."""

    def meeting_of(self, obj):
        return obj

    def has_change_permission(self, request, obj=None):
        if obj is not None and self.meeting_of(obj).is_approved:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and self.meeting_of(obj).is_approved:
            return False
        return super().has_delete_permission(request, obj)


@admin.register(Meeting)
class MeetingAdmin(OfficialRecordAdminMixin, PeymanAdmin):
    list_display = ["agreement", "year", "number", "starts_at", "state"]
    list_filter = ["agreement", "state", "year"]
    readonly_fields = ["state", "held_at"]
    inlines = [MinutesInline]


@admin.register(Decision)
class DecisionAdmin(OfficialRecordAdminMixin, PeymanAdmin):
    list_display = ["meeting", "position", "commitment"]
    list_select_related = ["meeting", "commitment"]
    readonly_fields = ["meeting", "position", "commitment"]

    def meeting_of(self, obj):
        return obj.meeting


class CorrectionInline(admin.TabularInline):
    model = ProgrammeCorrection
    extra = 0


@admin.register(Programme)
class ProgrammeAdmin(PeymanAdmin):
    list_display = ["title_fa", "agreement", "starts_on", "hijri_month", "hijri_day"]
    list_filter = ["agreement"]
    inlines = [CorrectionInline]


@admin.register(IssuedMinutes)
class IssuedMinutesAdmin(ViewOnlyAdminMixin, PeymanAdmin):
    """Issued minutes, and for the operators those still sealing: since when, how many tries
    failed and why (a timestamp authority that stays down shows here; `manage.py seal_pending`)."""

    list_display = [
        "document_number",
        "language",
        "sealing",
        "approvals_sealed",
        "seals",
        "sealing_since",
        "sealing_tries",
    ]
    list_filter = ["sealing", "language"]
    list_select_related = ["minutes"]
    readonly_fields = ["sealing_error"]
