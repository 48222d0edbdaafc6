from django.contrib import admin

from agreement.admin_base import PeymanAdmin
from notifications.models import Notification, Preference


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
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
