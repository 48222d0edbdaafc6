from django.contrib import admin

from agreement.admin_base import ViewOnlyAdminMixin
from amendments.models import Amendment, AmendmentChange, AmendmentConfirmation


class ChangeInline(admin.TabularInline):
    model = AmendmentChange
    fields = ("position", "action", "commitment", "values_before", "values_after")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class ConfirmationInline(admin.TabularInline):
    model = AmendmentConfirmation
    fields = ("party", "confirmed_by", "confirmed_at")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Amendment)
class AmendmentAdmin(ViewOnlyAdminMixin, admin.ModelAdmin):
    """Amendments are drafted and confirmed on their own pages; append-only, so the admin only looks."""

    inlines = [ChangeInline, ConfirmationInline]
    list_display = ["agreement", "number", "signed_on", "effective_on", "state", "applied_at"]
    list_select_related = ["agreement"]
