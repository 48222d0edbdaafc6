"""The history of people's accounts, and the People page's list of recent changes.

Roles live on agreement.Membership, which has its own history; the account itself (name, address,
active or not) is Django's User, given a history here. The password hash and the sign-in time are
left out: a hash is a secret, and a sign-in is not a change.
"""

from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import models
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
    PASSWORD_LINK_SENT = "password_link_sent"
    NEW_PASSWORD_SET = "new_password_set"

    LABELS = {
        INVITED: _("invited"),
        INVITATION_RESENT: _("invitation sent again"),
        DEACTIVATED: _("deactivated"),
        REACTIVATED: _("reactivated"),
        PASSWORD_SET: _("set a password from the invitation"),
        PASSWORD_LINK_SENT: _("link to set a new password sent"),
        NEW_PASSWORD_SET: _("set a new password with the e-mailed link"),
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
    """A user's (or a historical user row's) name as the page shows it; a membership's history
    outlives an account deleted before deletion was refused (people/admin.py)."""
    if person is None:
        return str(_("a deleted person"))
    return f"{person.first_name} {person.last_name}".strip() or person.username


def recent_changes(parties, limit: int = 15) -> list[ChangeRow]:
    """The latest changes to the parties' people, newest first, in two queries.

    Account rows are those of the parties' present members; membership rows those of the parties.
    """
    accounts = (
        User.history.filter(id__in=Membership.objects.filter(party__in=parties).values("user_id"))  # type: ignore[attr-defined]  # register(User) above adds it
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


class PasswordLink(models.Model):
    """How many set-password links an active person has been sent (people/tokens.py).

    The link's token covers `number`, so sending a new link, or deactivating the account, ends the
    links sent before. The row is kept with the account, so a number is never given out twice.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, primary_key=True, related_name="password_link"
    )
    number = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("set-password link")
        verbose_name_plural = _("set-password links")

    def __str__(self):
        return f"{self.user} #{self.number}"

    @classmethod
    def number_of(cls, user) -> int:
        """The number of the one link that works now (0: none was ever sent)."""
        return cls.objects.filter(user=user).values_list("number", flat=True).first() or 0

    @classmethod
    def next_for(cls, user) -> int:
        """A new number for the link about to be sent; the earlier links stop working."""
        link, _created = cls.objects.select_for_update().get_or_create(user=user)
        link.number += 1
        link.save(update_fields=["number"])
        return link.number

    @classmethod
    def end_links_of(cls, user) -> None:
        """No link sent so far works any more (the account is deactivated)."""
        cls.objects.filter(user=user).update(number=models.F("number") + 1)
