from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.admin import SimpleHistoryAdmin

from agreement.admin_base import NoRevertAdminMixin
from agreement.formatting import plain_number

User = get_user_model()
admin.site.unregister(User)


@admin.register(User)
class PersonAdmin(NoRevertAdminMixin, SimpleHistoryAdmin, UserAdmin):
    """Django's user admin with the account's history (people/models.py).

    No revert: the history leaves the password hash out, so an old version saved back would
    lose the password.

    Accounts with history are deactivated, never deleted: the history of their memberships and of
    what they changed would point at no one (the People page failed on such rows).
    """

    actions = ["deactivate_accounts"]

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    def has_delete_permission(self, request, obj=None):
        from people.services import has_history

        if obj is not None and has_history(obj):
            return False
        return super().has_delete_permission(request, obj)

    @admin.action(description=gettext_lazy("Deactivate the selected accounts"), permissions=["change"])
    def deactivate_accounts(self, request, queryset):
        from people.services import deactivate_account

        with transaction.atomic():
            users = list(queryset.select_for_update().filter(is_active=True))
            for user in users:
                deactivate_account(user, by=request.user)
        messages.success(request, _("Accounts deactivated: %(count)s") % {"count": plain_number(len(users))})
