"""What every Peyman admin page shares: history, Persian search, and dates in the reader's calendar."""

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from simple_history.admin import SimpleHistoryAdmin

from agreement.admin_search import PersianSearchMixin
from agreement.fields import LocalDateField, LocalDateInput
from agreement.models import Agreement, Party

if TYPE_CHECKING:  # what the mixins below are mixed into, so that their super() calls are checked

    class _HistoryAdminBase(SimpleHistoryAdmin): ...
else:
    _HistoryAdminBase = object


class PeymanAdmin(PersianSearchMixin, SimpleHistoryAdmin):
    # Jalali in Persian, ISO Gregorian in English, typed with any digits.
    formfield_overrides = {models.DateField: {"form_class": LocalDateField, "widget": LocalDateInput}}

    # An edit here (a party's name, a county, a decision's person) is on the agreement's pages too:
    # its figures_version goes up in the same transaction, so no kept page shows the old one.
    def save_model(self, request, obj, form, change):
        with transaction.atomic():
            if change:  # before the object's own row, in the order every writer takes them
                _figures_changed(obj)
            super().save_model(request, obj, form, change)
            if not change:  # a new object knows its agreement (a party its signatures) only now
                _figures_changed(obj)

    def delete_model(self, request, obj):
        with transaction.atomic():
            _figures_changed(obj)
            super().delete_model(request, obj)


def _agreement_ids(obj) -> set[int]:
    """The agreements whose pages show `obj`: its own, its commitment's or meeting's, or for a party
    every agreement it signed."""
    if isinstance(obj, Agreement):
        return {obj.pk} if obj.pk else set()
    if isinstance(obj, Party):
        return set(obj.signatures.values_list("agreement_id", flat=True)) if obj.pk else set()
    for owner in (obj, getattr(obj, "commitment", None), getattr(obj, "meeting", None)):
        agreement_id = getattr(owner, "agreement_id", None)
        if agreement_id:
            return {agreement_id}
    return set()


def _figures_changed(obj) -> None:
    for agreement_id in sorted(_agreement_ids(obj)):
        Agreement.objects.figures_changed(agreement_id)


class NoRevertAdminMixin(_HistoryAdminBase):
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


class ViewOnlyAdminMixin:
    """For records made and changed only through their own pages (issued reports, recorded
    amendments): the admin lists and shows them, and adds, changes and deletes nothing."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
