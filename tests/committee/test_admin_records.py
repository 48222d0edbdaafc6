"""An approved meeting and its decisions are official records: read-only in the admin, no revert."""

import pytest

from committee.models import Decision, Meeting
from committee.services import approve_minutes, write_minutes


@pytest.fixture
def approved_meeting(decision, relief_member, rural_member, relief, rural):
    meeting = decision.meeting
    minutes = write_minutes(meeting=meeting, text="صورتجلسه", by=relief_member)
    approve_minutes(minutes=minutes, party=relief, by=relief_member)
    approve_minutes(minutes=minutes, party=rural, by=rural_member)
    meeting.refresh_from_db()
    assert meeting.is_approved
    return meeting


def test_an_approved_meeting_is_read_only_in_the_admin_and_cannot_be_reverted(admin_client, approved_meeting):
    change = f"/en/admin/committee/meeting/{approved_meeting.pk}/change/"
    page = admin_client.get(change)
    assert page.status_code == 200 and 'name="_save"' not in page.content.decode()
    data = {"agreement": approved_meeting.agreement_id, "place": "جای دیگر", "starts_at_0": "2024-09-22"}
    assert admin_client.post(change, data).status_code == 403
    assert (
        admin_client.post(f"/en/admin/committee/meeting/{approved_meeting.pk}/delete/", {"post": "yes"}).status_code
        == 403
    )
    draft = approved_meeting.history.order_by("history_id").first()
    assert draft.state == "draft"
    revert = f"/en/admin/committee/meeting/{approved_meeting.pk}/history/{draft.history_id}/"
    assert admin_client.post(revert, {}).status_code == 403
    approved_meeting.refresh_from_db()
    assert approved_meeting.state == Meeting.State.APPROVED and approved_meeting.place == "سالن جلسات"


def test_a_decision_of_an_approved_meeting_is_read_only_in_the_admin(admin_client, approved_meeting):
    decision = Decision.objects.get(meeting=approved_meeting)
    change = f"/en/admin/committee/decision/{decision.pk}/change/"
    assert 'name="_save"' not in admin_client.get(change).content.decode()
    assert admin_client.post(change, {}).status_code == 403
    first = decision.history.order_by("history_id").first()
    assert (
        admin_client.post(f"/en/admin/committee/decision/{decision.pk}/history/{first.history_id}/", {}).status_code
        == 403
    )


def test_a_draft_meeting_can_still_be_edited_in_the_admin(admin_client, meeting):
    assert 'name="_save"' in admin_client.get(f"/en/admin/committee/meeting/{meeting.pk}/change/").content.decode()


def test_an_approved_meetings_agenda_attendees_and_decision_rows_have_no_door_in_the_admin(
    admin_client, approved_meeting
):
    """Agenda items and attendances are not in the admin at all, and the commitment row a decision is
    followed up through is not in the commitments' admin (its text and due date are the decision's)."""
    from django.contrib import admin

    from committee.models import AgendaItem, Attendance

    assert AgendaItem not in admin.site._registry and Attendance not in admin.site._registry
    inlines = {inline.model for inline in admin.site._registry[Meeting].inlines}
    assert not inlines & {AgendaItem, Attendance, Decision}
    decision = Decision.objects.get(meeting=approved_meeting)
    change = f"/en/admin/obligations/commitment/{decision.commitment_id}/change/"
    response = admin_client.get(change)
    assert response.status_code == 302  # "does not exist": the admin lists numbered commitments only
    admin_client.post(change, {"text_fa": "متن دیگر", "number": decision.commitment.number})
    decision.commitment.refresh_from_db()
    assert decision.commitment.text_fa == "نصب تابلوهای ترویج زکات در ورودی روستاهای تاکستان"
