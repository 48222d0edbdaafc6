"""Telling people what the joint committee is waiting for: minutes to approve, decisions to carry out.

Called inside the services' transactions, so a notification and its e-mail job exist exactly when
the minutes or the decision do.
"""

from django.contrib.auth import get_user_model
from django.db.models import Q

from agreement.models import Membership
from committee.models import Decision, Minutes
from notifications.models import Kind
from notifications.services import notify, site_path


def minutes_approvers(agreement):
    """Committee members who sit for one of the agreement's parties: each may approve for their party."""
    return get_user_model().objects.filter(
        is_active=True,
        committee_seats__agreement=agreement,
        membership__party__in=agreement.party_ids(),
    )


def tell_minutes_to_approve(minutes: Minutes, *, by) -> None:
    meeting = minutes.meeting
    notify(
        recipients=minutes_approvers(meeting.agreement).exclude(pk=by.pk),
        kind=Kind.MINUTES_TO_APPROVE,
        event_key=f"minutes-{minutes.pk}-to-approve",
        agreement=meeting.agreement,
        params={"meeting": meeting.code, "version": minutes.version},
        path=site_path("meeting_detail", meeting.agreement.reference, meeting.pk),
    )


def decision_followers(decision: Decision):
    """Who carries a decision out: the owning party's focal points and committee members, and the
    person named to follow it up."""
    owner_id = decision.commitment.owner_id
    people = Q(pk=decision.responsible_person_id) if decision.responsible_person_id else Q(pk__in=[])
    if owner_id is not None:
        people |= Q(membership__party_id=owner_id, membership__role=Membership.Role.FOCAL_POINT)
        people |= Q(membership__party_id=owner_id, committee_seats__agreement=decision.commitment.agreement_id)
    return get_user_model().objects.filter(people, is_active=True).distinct()


def tell_decision_assigned(decision: Decision, *, by) -> None:
    commitment = decision.commitment
    if commitment.owner_id is None and decision.responsible_person_id is None:
        return
    # A new owner (or follower) is a new event for them; those told before are not told again.
    notify(
        recipients=decision_followers(decision).exclude(pk=by.pk),
        kind=Kind.DECISION_ASSIGNED,
        event_key=f"decision-{decision.pk}-owner-{commitment.owner_id}",
        agreement=commitment.agreement,
        params={
            "number": commitment.number,
            "text_fa": commitment.text_fa,
            "text_en": commitment.text_en,
            "due_on": commitment.due_on.isoformat() if commitment.due_on else "",
        },
        path=site_path("commitment_detail", commitment.agreement.reference, commitment.number),
    )
