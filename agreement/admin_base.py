"""What every Peyman admin page shares: history, Persian search, and dates in the reader's calendar."""

from django.core.exceptions import PermissionDenied
from django.db import models
from simple_history.admin import SimpleHistoryAdmin

from agreement.admin_search import PersianSearchMixin
from agreement.fields import LocalDateField, LocalDateInput


class PeymanAdmin(PersianSearchMixin, SimpleHistoryAdmin):
    # Jalali in Persian, ISO Gregorian in English, typed with any digits.
    formfield_overrides = {models.DateField: {"form_class": LocalDateField, "widget": LocalDateInput}}


class NoRevertAdminMixin:
    """The history can be read but not "reverted" to.

    simple-history's revert page saves a whole old version when posted, read-only fields
    included; hiding its button is not enough, so the POST itself is refused.
    """

    def revert_disabled(self, request, obj=None):
        return True

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method == "POST":
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)


class AppendOnlyAdminMixin(NoRevertAdminMixin):
    """For records that are evidence (entries, evaluations, quarter locks): nothing is deleted,
    nothing is "reverted" from the history, and a record `is_locked()` says so is read-only.
    """

    def is_locked(self, obj) -> bool:
        return False

    def has_change_permission(self, request, obj=None):
        if obj is not None and self.is_locked(obj):
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return False
