"""Changes to a party's people: each one transaction that locks the party, re-checks the focal
point's right under the lock, and records who made the change (simple-history) and why.

A party never loses its last focal point: whoever deactivates or re-roles someone is an active
focal point of the party and may not change themselves, so one always remains. The party row is
locked first so that two focal points acting at once are served one after the other: when two
focal points deactivate each other, the second finds they are no longer active and is refused.
"""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.dispatch import Signal
from django.utils.translation import gettext as _

from agreement import permissions
from agreement.history_user import record_history_user
from agreement.models import Agreement, Membership, Party
from notifications.models import Preference
from people.models import Change, PasswordLink

# Sent when an account is deactivated (user): apps holding keys of their own for it (the committee's
# calendar feed) end them. People sits beside the layers and may not import those apps.
account_deactivated = Signal()

User = get_user_model()


class PeopleError(ValidationError):
    """A change refused for a reason the focal point should read (nothing was saved)."""


def _lock(party: Party, by, may=permissions.can_manage_people) -> None:
    """Lock the party and check, afresh, that `by` is still one of its focal points (or, for a
    set-password link, an administrator)."""
    Party.objects.select_for_update().get(pk=party.pk)
    actor = User.objects.select_related("membership").get(pk=by.pk)
    if not actor.is_active or not may(actor, party):
        raise PeopleError(_("Only a focal point of the party can change its people."))


def _fresh(membership: Membership) -> Membership:
    """The membership as it is now that the party is locked (the page may be stale)."""
    return Membership.objects.select_related("user", "party").get(pk=membership.pk)


def _check_may_change(by, membership: Membership) -> None:
    if membership.user_id == by.pk:
        raise PeopleError(_("You cannot change your own account here: ask another focal point of your party."))
    if not permissions.can_change_person(by, membership):
        raise PeopleError(_("Monitors and administrators are appointed by the administrator."))


def _save_user(user, *, by, reason: str) -> None:
    record_history_user(user, by, reason=reason)
    user.save()


def _queue_invitation(user, agreement: Agreement, by) -> None:
    from people.tasks import send_invitation

    # Queued inside the transaction: with the database job backend the job is committed (or
    # rolled back) together with the account; the worker makes the link, so no token is stored.
    send_invitation.enqueue(user.pk, agreement.pk, by.pk)


@transaction.atomic
def invite_person(
    *, agreement: Agreement, party: Party, by, first_name: str, last_name: str, email: str, role: str, language: str
):
    """Create an account with no password yet, its membership and language, and queue the invitation.

    A focal point invites into their own party; an administrator or registrar into any party of a
    live agreement, a monitor into its monitoring party (permissions.roles_to_give)."""
    _lock(party, by, may=lambda actor, party: bool(permissions.roles_to_give(actor, agreement, party)))
    if role not in permissions.roles_to_give(by, agreement, party):
        raise PeopleError(_("A focal point cannot give this role."))
    user = User(username=email, email=email, first_name=first_name, last_name=last_name)
    user.set_unusable_password()
    try:
        with transaction.atomic():
            _save_user(user, by=by, reason=Change.INVITED)
    except IntegrityError:
        raise PeopleError(_("Someone with this address already has an account.")) from None
    membership = Membership(user=user, party=party, role=role)
    record_history_user(membership, by)
    membership.save()
    preference = Preference(user=user, language=language)
    record_history_user(preference, by)
    preference.save()
    _queue_invitation(user, agreement, by)
    return user


@transaction.atomic
def resend_invitation(*, agreement: Agreement, membership: Membership, by) -> None:
    """A new link for someone who has not set a password yet; the old link stops working."""
    _lock(membership.party, by)
    membership = _fresh(membership)
    _check_may_change(by, membership)
    if membership.status != Membership.Status.INVITED:
        raise PeopleError(_("Only someone invited who has not signed in yet can be sent the invitation again."))
    user = membership.user
    user.set_unusable_password()  # a new random marker: the links already sent no longer match
    _save_user(user, by=by, reason=Change.INVITATION_RESENT)
    _queue_invitation(user, agreement, by)


@transaction.atomic
def send_password_link(*, agreement: Agreement, membership: Membership, by) -> None:
    """E-mail an active person who forgot their password a link to choose a new one.

    Their password is left as it is until they choose another: a focal point must not be able to
    stop someone signing in this way (deactivating does that, and the page shows it). The link
    sent before this one stops working (people/tokens.py).
    """
    _lock(membership.party, by, may=permissions.can_send_password_links)
    membership = _fresh(membership)
    if membership.user_id == by.pk:
        raise PeopleError(_("You can change your own password from your name at the top of the page."))
    if not permissions.can_send_password_link(by, membership):
        raise PeopleError(_("Monitors and administrators are appointed by the administrator."))
    if membership.status == Membership.Status.INVITED:
        raise PeopleError(_("This person has not set a password yet: send the invitation again instead."))
    if membership.status == Membership.Status.DEACTIVATED:
        raise PeopleError(_("This person is deactivated: reactivate them first."))
    user = membership.user
    if not user.email:
        raise PeopleError(_("This person has no e-mail address to send the link to."))
    number = PasswordLink.next_for(user)
    _save_user(user, by=by, reason=Change.PASSWORD_LINK_SENT)
    from people.tasks import send_password_link as job

    # As with the invitation: queued in the transaction, ids and the link's number only.
    job.enqueue(user.pk, agreement.pk, by.pk, number)


@transaction.atomic
def deactivate_person(*, membership: Membership, by) -> None:
    """The person can no longer sign in (their open sessions end too); nothing of theirs is deleted."""
    _lock(membership.party, by)
    membership = _fresh(membership)
    _check_may_change(by, membership)
    if not membership.user.is_active:
        raise PeopleError(_("This person is already deactivated."))
    deactivate_account(membership.user, by=by)


def deactivate_account(user, *, by) -> None:
    """End an account's use, keep the account: the People page's deactivation and the admin's
    (which deactivates instead of deleting an account with history). The caller holds the locks."""
    user.is_active = False
    # The password goes: an open invitation's link dies with the account, and every open session
    # ends for good (Django's session check covers the stored password), so a reactivation
    # revives neither; it sends a set-password link instead (reactivate_person).
    user.set_unusable_password()
    PasswordLink.end_links_of(user)  # and so does a link to set a new password
    _save_user(user, by=by, reason=Change.DEACTIVATED)
    # The calendar feed's address is a key of its own: the committee app gives it a new one.
    account_deactivated.send(sender=type(user), user=user, by=by)


def has_history(user) -> bool:
    """Whether deleting the account would leave history pointing at no one: it ever had a
    membership, signed in, changed since it was created, or changed anything itself."""
    accounts = get_user_model().history  # type: ignore[attr-defined]  # simple-history's register(User) adds it
    return (
        user.last_login is not None
        or Membership.history.filter(user_id=user.pk).exists()
        or accounts.filter(id=user.pk).count() > 1
        or accounts.filter(history_user_id=user.pk).exists()
        or Membership.history.filter(history_user_id=user.pk).exists()
    )


@transaction.atomic
def reactivate_person(*, agreement: Agreement, membership: Membership, by) -> None:
    """The person may sign in again once they have chosen a new password through the link sent."""
    _lock(membership.party, by)
    membership = _fresh(membership)
    _check_may_change(by, membership)
    if membership.user.is_active:
        raise PeopleError(_("This person is already active."))
    user = membership.user
    user.is_active = True
    user.set_unusable_password()  # a fresh marker: no link made before the deactivation works
    _save_user(user, by=by, reason=Change.REACTIVATED)
    # Not the old password: they choose a new one through the invitation's set-password link.
    _queue_invitation(user, agreement, by)


@transaction.atomic
def change_role(*, membership: Membership, by, role: str) -> None:
    """A new role within the same party; the party keeps a focal point."""
    _lock(membership.party, by)
    membership = _fresh(membership)
    _check_may_change(by, membership)
    if role not in permissions.GRANTABLE_ROLES:
        raise PeopleError(_("A focal point cannot give this role."))
    if role == membership.role:
        raise PeopleError(_("This person already has that role."))
    old = membership.role
    membership.role = role
    record_history_user(membership, by, reason=f"{Change.ROLE_CHANGED}:{old}")
    membership.save(update_fields=["role"])
