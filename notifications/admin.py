from django.contrib import admin

from agreement.admin_base import PeymanAdmin
from notifications.models import EmailAttempt, Notification, Preference


class EmailAttemptInline(admin.TabularInline):
    model = EmailAttempt
    fields = ("started_at", "finished_at", "outcome", "reason", "next_try_at")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    inlines = [EmailAttemptInline]
    list_display = ["recipient", "kind", "agreement", "created_at", "read_at", "emailed_at"]
    list_filter = ["kind", "agreement"]
    list_select_related = ["recipient", "agreement"]
    search_fields = ["recipient__username", "event_key"]
    # What was said to whom is a record: the admin may look, not rewrite.
    readonly_fields = ["recipient", "agreement", "kind", "params", "path", "event_key", "created_at", "emailed_at"]


@admin.register(Preference)
class PreferenceAdmin(PeymanAdmin):
    list_display = ["user", "language", "email_entry_returned", "email_report_issued"]
    list_select_related = ["user"]
    persian_search_fields = ("user__username",)


@admin.register(EmailAttempt)
class EmailAttemptAdmin(admin.ModelAdmin):
    """Every try at e-mailing a notification, for an operator asking "why did this mail not arrive?"."""

    list_display = ["notification", "started_at", "outcome", "reason", "next_try_at"]
    list_filter = ["outcome"]
    list_select_related = ["notification__recipient"]
    search_fields = ["notification__recipient__username", "reason"]
    readonly_fields = ["notification", "started_at", "finished_at", "outcome", "reason", "next_try_at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
