"""Who may do what: every rule in one place, as plain functions of (user, object).

Views never decide access themselves; they call these (through the access helpers in each
app's `access.py`) so that one test module covers the whole rule book.
"""

from django.db.models import Exists, prefetch_related_objects

from agreement.backends import agreements_of_own_party, own_committee_seats
from agreement.models import Agreement, Membership, Overseer, is_registrar

Role = Membership.Role


def membership_of(user) -> Membership | None:
    if not user.is_authenticated:
        return None
    return getattr(user, "membership", None)


def is_committee_member(user, agreement: Agreement) -> bool:
    if not user.is_authenticated:
        return False
    # The seats are read on the first question about them and kept on the agreement: a page that
    # never asks (staff logging on their own party's commitment) pays no query for them.
    if "committee_members" not in getattr(agreement, "_prefetched_objects_cache", {}):
        prefetch_related_objects([agreement], "committee_members")
    return any(seat.user_id == user.pk for seat in agreement.committee_members.all())


def party_of(user, agreement: Agreement):
    """The user's party if it signed this agreement, else None."""
    membership = membership_of(user)
    if membership is None or membership.party_id not in agreement.party_ids():
        return None
    return membership.party


def is_overseer(user, agreement: Agreement) -> bool:
    """A read-only seat above the agreement (agreement.models.Overseer): reading, never writing.
    Asked last, so only someone who is nothing else in the agreement pays its query."""
    if not user.is_authenticated or agreement.status == Agreement.Status.DRAFT:
        return False
    return Overseer.objects.filter(agreement=agreement, user=user).exists()


def can_view_agreement(user, agreement: Agreement) -> bool:
    """Members of its parties (any role), its joint committee, its overseers, administrators and
    registrars; a draft only the last two."""
    if not user.is_authenticated or agreement.status == Agreement.Status.DISCARDED:
        return False  # a discarded draft is kept for its history only (drafting's list of them)
    if is_registrar(user):
        return True
    if agreement.status == Agreement.Status.DRAFT:
        return False
    return party_of(user, agreement) is not None or is_committee_member(user, agreement) or is_overseer(user, agreement)


def can_draft_agreements(user) -> bool:
    """Drafting a new agreement, importing its commitments and activating it: administrators and
    registrars (agreement.models.is_registrar)."""
    return is_registrar(user)


def can_discard(user, agreement: Agreement) -> bool:
    """A draft is discarded on purpose by whoever may draft, with a reason; a live agreement never
    (drafting.services.discard_draft checks the state again under a lock)."""
    return agreement.status == Agreement.Status.DRAFT and can_draft_agreements(user)


def can_activate(user, agreement: Agreement) -> bool:
    """A draft becomes live once, by whoever may draft, when it has its parties, a monitoring party
    and at least one commitment (drafting.services.activate_draft checks the last two again)."""
    return agreement.status == Agreement.Status.DRAFT and can_draft_agreements(user)


# How near its end an agreement in force may be renewed as a new one (the first alert's distance).
RENEWAL_WINDOW_DAYS = 90


def can_renew_as_new_agreement(user, agreement: Agreement, today) -> bool:
    """An administrator or registrar starts a renewal as a new agreement (a draft carrying its open
    commitments over) from an agreement that has expired or ends within 90 days, and has no renewal
    yet (agreement_renewed_once keeps it to one in the database too; a discarded renewal draft does not count)."""
    if not can_draft_agreements(user):
        return False
    if agreement.status == Agreement.Status.EXPIRED:
        return True
    ends = agreement.ends_on
    return (
        agreement.status == Agreement.Status.IN_FORCE
        and ends is not None
        and (ends - today).days <= RENEWAL_WINDOW_DAYS
    )


def can_appoint_people(user, agreement: Agreement) -> bool:
    """A live agreement's first people (its parties' focal points, the monitor) are invited by an
    administrator or registrar from the People page, into any of its parties."""
    return agreement.status != Agreement.Status.DRAFT and can_draft_agreements(user)


def roles_to_give(user, agreement: Agreement, party) -> tuple:
    """The roles the user may give a new person of this party of the agreement (none: may not invite).

    A focal point gives the grantable roles in their own party; an administrator or registrar gives
    those in any party, and the monitor role in the monitoring party."""
    if can_appoint_people(user, agreement):
        monitoring = agreement.monitoring_party
        extra = (Role.MONITOR,) if monitoring is not None and monitoring.pk == party.pk else ()
        return (*GRANTABLE_ROLES, *extra)
    if party_of(user, agreement) == party and can_manage_people(user, party):
        return GRANTABLE_ROLES
    return ()


def is_monitor(user, agreement: Agreement) -> bool:
    """A monitor counts only in the agreement's monitoring party; elsewhere the role gives nothing."""
    membership = membership_of(user)
    if membership is None or membership.role != Role.MONITOR:
        return False
    monitoring = agreement.monitoring_party
    return monitoring is not None and membership.party_id == monitoring.pk


def can_log_progress(user, commitment) -> bool:
    """Staff and focal points of the owning party; for a joint commitment, of any party to it.

    A joint commitment (J1, or a decision assigned to both parties) is the joint committee's own
    work, so a committee member who belongs to one of the parties logs on it whatever their role.
    """
    membership = membership_of(user)
    if membership is None or party_of(user, commitment.agreement) is None:
        return False
    if commitment.owner_id is None and is_committee_member(user, commitment.agreement):
        return True
    if membership.role not in (Role.STAFF, Role.FOCAL_POINT):
        return False
    return commitment.owner_id is None or commitment.owner_id == membership.party_id


def can_log_in_field(user) -> bool:
    """Field logging (the header's link to fieldlog's page): whoever can_log_progress() lets log on
    some commitment: staff and focal points of a party that signed a live agreement, and a member of
    such a party with a seat on its joint committee (they log its joint commitments), whatever their role."""
    membership = membership_of(user)
    if membership is None:
        return False
    if membership.role in (Role.STAFF, Role.FOCAL_POINT) and _fact(user, "party_signs_an_agreement"):
        return True
    return _fact(user, "has_own_committee_seat")


def _fact(user, name: str) -> bool:
    """What agreement.backends.MemberBackend reads with the user on every request (no query of its
    own); asked of the database for a user loaded some other way."""
    known = getattr(user, name, None)
    if known is not None:
        return bool(known)
    query = agreements_of_own_party() if name == "party_signs_an_agreement" else own_committee_seats()
    return type(user)._default_manager.filter(pk=user.pk).filter(Exists(query)).exists()


def can_edit_entry(user, entry) -> bool:
    """Only the author, only while it may still change, and only while they may still log."""
    return entry.author_id == user.pk and entry.is_editable and can_log_progress(user, entry.commitment)


def can_withdraw_entry(user, entry) -> bool:
    return entry.author_id == user.pk and not entry.is_withdrawn and can_log_progress(user, entry.commitment)


def can_review_entry(user, entry) -> bool:
    """Monitors of the monitoring party, never on their own entries."""
    return is_monitor(user, entry.commitment.agreement) and entry.author_id != user.pk


def can_evaluate(user, agreement: Agreement) -> bool:
    return is_monitor(user, agreement)


def can_issue_report(user, agreement: Agreement) -> bool:
    return is_monitor(user, agreement)


def can_reopen_quarter(user, agreement: Agreement) -> bool:
    """Only an administrator reopens a quarter whose report was issued."""
    return user.is_authenticated and user.is_superuser


def can_manage_people(user, party) -> bool:
    """Focal points manage the people of their own party."""
    membership = membership_of(user)
    return membership is not None and membership.role == Role.FOCAL_POINT and membership.party_id == party.pk


# Roles a focal point gives within their party. A monitor reviews both parties' work and issues
# the reports, so the administrator, not a party, appoints one.
GRANTABLE_ROLES = (Role.STAFF, Role.FOCAL_POINT, Role.VIEWER)


def can_see_all_people(user, agreement: Agreement) -> bool:
    """Who has which role in both parties: monitors, joint committee members and administrators.

    The committee coordinates the two parties and needs to know whom to ask at each.
    """
    return user.is_authenticated and (
        user.is_superuser or is_monitor(user, agreement) or is_committee_member(user, agreement)
    )


def can_view_people(user, agreement: Agreement) -> bool:
    """The People page: everyone's roles for those above (and for the registrars who appoint an
    agreement's first people), their own party's for a focal point."""
    party = party_of(user, agreement)
    return (
        can_see_all_people(user, agreement)
        or can_appoint_people(user, agreement)
        or (party is not None and can_manage_people(user, party))
    )


def can_change_person(user, membership: Membership) -> bool:
    """A focal point changes the people of their own party, never themselves, a monitor or an administrator."""
    return (
        can_manage_people(user, membership.party)
        and membership.user_id != user.pk
        and membership.role in GRANTABLE_ROLES
        and not membership.user.is_superuser
    )


def can_send_password_links(user, party) -> bool:
    """Who e-mails a party's people a link to set a new password: its focal points, and administrators."""
    return user.is_authenticated and (user.is_superuser or can_manage_people(user, party))


def can_send_password_link(user, membership: Membership) -> bool:
    """A focal point, for those of their party they may change; an administrator, for anyone.

    Never for oneself: signed-in people change their own password.
    """
    if not user.is_authenticated or membership.user_id == user.pk:
        return False
    return user.is_superuser or can_change_person(user, membership)


# The joint committee (J1): meetings, minutes and decisions.


def committee_party_of(user, agreement: Agreement):
    """The party a committee member sits for: their own party if it signed the agreement."""
    if not is_committee_member(user, agreement):
        return None
    return party_of(user, agreement)


def can_manage_meetings(user, agreement: Agreement) -> bool:
    """Committee members plan meetings, write agendas, minutes and decisions."""
    return is_committee_member(user, agreement)


def can_approve_minutes(user, minutes) -> bool:
    """A committee member approves a version of the minutes once, for the party they sit for."""
    agreement = minutes.meeting.agreement
    party = committee_party_of(user, agreement)
    if party is None or not minutes.meeting.is_held or minutes.is_superseded:
        return False
    return not any(approval.party_id == party.pk for approval in minutes.approvals.all())


def can_manage_programmes(user, agreement: Agreement) -> bool:
    """The executive calendar (A1): committee members, and staff of the monitoring party who owe A1."""
    if is_committee_member(user, agreement):
        return True
    membership = membership_of(user)
    monitoring = agreement.monitoring_party
    return (
        membership is not None
        and monitoring is not None
        and membership.party_id == monitoring.pk
        and membership.role in (Role.STAFF, Role.FOCAL_POINT)
    )


# Amendments (the amendments app): drafted by a focal point, confirmed by one of every party's.


def is_focal_point_of(user, agreement: Agreement) -> bool:
    membership = membership_of(user)
    return membership is not None and membership.role == Role.FOCAL_POINT and party_of(user, agreement) is not None


def can_draft_amendment(user, agreement: Agreement) -> bool:
    """Focal points of the agreement's parties, and administrators, draft an amendment and its changes."""
    return user.is_authenticated and (user.is_superuser or is_focal_point_of(user, agreement))


def can_confirm_amendment(user, amendment, confirmed_party_ids) -> bool:
    """A focal point confirms a draft with at least one change, once, for their own party."""
    party = party_of(user, amendment.agreement)
    return (
        amendment.is_draft
        and is_focal_point_of(user, amendment.agreement)
        and party is not None
        and party.pk not in confirmed_party_ids
    )


def can_manage_term(user, agreement: Agreement) -> bool:
    """The joint committee decides on renewal and records the term; administrators too."""
    return user.is_authenticated and (user.is_superuser or is_committee_member(user, agreement))
