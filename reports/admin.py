from django.contrib import admin

from agreement.admin_base import PeymanAdmin, ViewOnlyAdminMixin
from reports.models import IssuedReport


@admin.register(IssuedReport)
class IssuedReportAdmin(ViewOnlyAdminMixin, PeymanAdmin):
    """Issued reports are records of what was sent: the admin may look, never change or delete.
    Operators filter by "Sealing" for reports issued while the timestamp authority was down."""

    list_display = [
        "report_number",
        "agreement",
        "year",
        "quarter",
        "language",
        "revision",
        "issued_by",
        "issued_at",
        "sealing",
        "sealing_tries",
    ]
    list_filter = ["sealing", "agreement", "year", "quarter", "language"]
    list_select_related = ["agreement", "issued_by"]
    persian_search_fields = ("report_number", "verification_code", "sha256")
    exclude = ["snapshot", "pdf"]
