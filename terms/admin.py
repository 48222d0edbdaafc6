from django.contrib import admin

from terms.models import Term, TermAlert


@admin.register(Term)
class TermAdmin(admin.ModelAdmin):
    """Terms are recorded and renewed on the agreement's term page; the admin looks."""

    list_display = ["agreement", "number", "starts_on", "ends_on", "notice_days", "renews_itself"]
    list_select_related = ["agreement"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(TermAlert)
class TermAlertAdmin(admin.ModelAdmin):
    list_display = ["term", "kind", "fired_on", "recipients", "agenda_item"]
    readonly_fields = ["term", "kind", "fired_on", "recipients", "agenda_item"]

    def has_add_permission(self, request):
        return False
