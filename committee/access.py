"""Access helpers for meetings, minutes, decisions and programmes: one lookup per object type.

Outside the agreement: 404. May read but not do it: 403. The rules are agreement/permissions.py's.
"""

from django.shortcuts import get_object_or_404

from agreement import permissions
from agreement.access import get_agreement_for_user, require
from committee.models import Decision, Meeting, Minutes, Programme


def get_managing_agreement_for_user(request, reference: str):
    """The agreement, if the user sits on its committee (may plan meetings)."""
    agreement = get_agreement_for_user(request, reference)
    require(permissions.can_manage_meetings(request.user, agreement))
    return agreement


def get_meeting_for_user(request, reference: str, pk: int) -> Meeting:
    agreement = get_agreement_for_user(request, reference)
    meeting = get_object_or_404(Meeting.objects.select_related("created_by"), agreement=agreement, pk=pk)
    meeting.agreement = agreement
    return meeting


def get_managed_meeting_for_user(request, reference: str, pk: int) -> Meeting:
    """The meeting, if the user may change it (committee member); 403 for other readers."""
    meeting = get_meeting_for_user(request, reference, pk)
    require(permissions.can_manage_meetings(request.user, meeting.agreement))
    return meeting


def get_minutes_for_user(request, reference: str, meeting_pk: int, pk: int) -> Minutes:
    meeting = get_meeting_for_user(request, reference, meeting_pk)
    minutes = get_object_or_404(Minutes.objects.prefetch_related("approvals"), meeting=meeting, pk=pk)
    minutes.meeting = meeting
    return minutes


def get_decision_for_user(request, reference: str, pk: int, *, manage: bool = False) -> Decision:
    agreement = get_agreement_for_user(request, reference)
    decision = get_object_or_404(
        Decision.objects.select_related("meeting", "commitment__owner", "responsible_person"),
        meeting__agreement=agreement,
        pk=pk,
    )
    decision.meeting.agreement = agreement
    decision.commitment.agreement = agreement
    if manage:
        require(permissions.can_manage_meetings(request.user, agreement))
    return decision


def get_programme_agreement_for_user(request, reference: str):
    """The agreement, if the user may keep its executive calendar."""
    agreement = get_agreement_for_user(request, reference)
    require(permissions.can_manage_programmes(request.user, agreement))
    return agreement


def get_programme_for_user(request, reference: str, pk: int, *, manage: bool = False) -> Programme:
    agreement = get_agreement_for_user(request, reference)
    programme = get_object_or_404(Programme.objects.select_related("responsible_party"), agreement=agreement, pk=pk)
    programme.agreement = agreement
    if manage:
        require(permissions.can_manage_programmes(request.user, agreement))
    return programme
