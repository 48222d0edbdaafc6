"""The history of people's accounts, and the People page's list of recent changes.

Roles live on agreement.Membership, which has its own history; the account itself (name, address,
active or not) is Django's User, given a history here. The password hash and the sign-in time are
left out: a hash is a secret, and a sign-in is not a change.
"""

from dataclasses import dataclass
from datetime import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history import register

from agreement.models import Membership

User = get_user_model()
register(User, app="people", excluded_fields=["password", "last_login"])


def record_last_login(sender, user, **kwargs):
    """Django's update_last_login without save(): an UPDATE that writes no history row."""
    user.last_login = timezone.now()
    type(user)._default_manager.filter(pk=user.pk).update(last_login=user.last_login)


class Change:
    """Why an account or membership changed, stored as simple-history's change reason."""

    INVITED = "invited"
    INVITATION_RESENT = "invitation_resent"
    DEACTIVATED = "deactivated"
    REACTIVATED = "reactivated"
    ROLE_CHANGED = "role_changed"  # stored as "role_changed:<old role>"
    PASSWORD_SET = "password_set"

    LABELS = {
        INVITED: _("invited"),
        INVITATION_RESENT: _("invitation sent again"),
        DEACTIVATED: _("deactivated"),
        REACTIVATED: _("reactivated"),
        PASSWORD_SET: _("set a password from the invitation"),
    }


@dataclass(frozen=True)
class ChangeRow:
    when: datetime
    by: object  # the user who made the change, or None (a command, a migration)
    person: str  # the name of the person it concerns
    what: str


def _describe_user_change(row) -> str:
    if row.history_change_reason in Change.LABELS:
        return str(Change.LABELS[row.history_change_reason])
    if row.history_type == "+":
        return str(_("account created"))
    return str(_("account details changed"))


def _describe_membership_change(row) -> str:
    role = Membership.Role(row.role).label
    reason = row.history_change_reason or ""
    if reason.startswith(Change.ROLE_CHANGED + ":"):
        old = reason.split(":", 1)[1]
        old_label = Membership.Role(old).label if old in Membership.Role.values else old
        return str(_("role changed from %(old)s to %(new)s") % {"old": old_label, "new": role})
    if row.history_type == "+":
        return str(_("given the role %(role)s") % {"role": role})
    return str(_("membership changed, role now %(role)s") % {"role": role})


def _name(person) -> str:
    """A user's (or a historical user row's) name as the page shows it."""
    return f"{person.first_name} {person.last_name}".strip() or person.username


def recent_changes(parties, limit: int = 15) -> list[ChangeRow]:
    """The latest changes to the parties' people, newest first, in two queries.

    Account rows are those of the parties' present members; membership rows those of the parties.
    """
    accounts = (
        User.history.filter(id__in=Membership.objects.filter(party__in=parties).values("user_id"))
        .select_related("history_user")
        .order_by("-history_date", "-history_id")[:limit]
    )
    memberships = (
        Membership.history.filter(party__in=parties)
        .select_related("history_user", "user")
        .order_by("-history_date", "-history_id")[:limit]
    )
    rows = [ChangeRow(row.history_date, row.history_user, _name(row), _describe_user_change(row)) for row in accounts]
    rows += [
        ChangeRow(row.history_date, row.history_user, _name(row.user), _describe_membership_change(row))
        for row in memberships
    ]
    rows.sort(key=lambda row: row.when, reverse=True)
    return rows[:limit]
