"""Access helpers for the People page: who sees whose roles, and whom a focal point may change.

Someone outside the agreement gets 404; inside it, someone who may not see the page gets 403. A
focal point sees their own party only, so another party's person is a 404 for them (ownership is
in the lookup); a monitor or committee member who may see a person but not change them gets 403.
"""

from django.shortcuts import get_object_or_404

from agreement import permissions
from agreement.access import get_agreement_for_user, require
from agreement.models import Agreement, Membership, Party


def get_people_for_user(request, reference: str) -> tuple[Agreement, list[Party], Party | None]:
    """The agreement, the parties whose people the user sees, and the party they manage (or None)."""
    agreement = get_agreement_for_user(request, reference)
    user = request.user
    require(permissions.can_view_people(user, agreement))
    party = permissions.party_of(user, agreement)
    managed = party if party is not None and permissions.can_manage_people(user, party) else None
    if permissions.can_see_all_people(user, agreement):
        parties = [signatory.party for signatory in agreement.signatories.all()]
    else:
        assert managed is not None  # can_view_people without seeing everyone means this party's focal point
        parties = [managed]
    return agreement, parties, managed


def get_person_for_manager(
    request, reference: str, pk: int, may=permissions.can_change_person
) -> tuple[Agreement, Membership]:
    """A person the user may change: 404 if they may not see them, 403 if they may only see them.

    `may` is the rule for the action (by default changing the person; sending a set-password
    link, which an administrator may do too, has its own).
    """
    agreement, parties, _managed = get_people_for_user(request, reference)
    membership = get_object_or_404(Membership.objects.select_related("user", "party"), user_id=pk, party__in=parties)
    require(may(request.user, membership))
    return agreement, membership
