from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from simple_history.admin import SimpleHistoryAdmin

from agreement.admin_base import NoRevertAdminMixin

User = get_user_model()
admin.site.unregister(User)


@admin.register(User)
class PersonAdmin(NoRevertAdminMixin, SimpleHistoryAdmin, UserAdmin):
    """Django's user admin with the account's history (people/models.py).

    No revert: the history leaves the password hash out, so an old version saved back would
    lose the password.
    """
