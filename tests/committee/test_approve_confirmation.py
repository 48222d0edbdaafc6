"""Approving minutes issues or seals a permanent document, so the approve button opens a
confirmation page (a plain link and form: no script) that says what will be sealed and that the
text cannot change afterwards; only its form's `confirm` approves, and the server checks the
permission on the page and on the POST alike, for every role."""

import pytest

from committee.models import MinutesApproval
from committee.services import record_decision, write_minutes

R = "qazvin-ikrc-rural-1397"
TEXT = "جلسه با حضور نمایندگان دو دستگاه برگزار شد."
# Who sits on the committee for a party, and which party that is.
APPROVERS = {"relief_member": "ikrc-qazvin", "rural_member": "rural-affairs-qazvin"}
REFUSED = ["rural_staff", "rural_viewer", "relief_staff", "monitor", "committee_member", "superuser"]


@pytest.fixture
def minutes(held_meeting, relief_member):
    record_decision(meeting=held_meeting, text_fa="نصب تابلوهای ترویج زکات", by=relief_member)
    return write_minutes(meeting=held_meeting, text=TEXT, by=relief_member)


def _url(minutes, language="en"):
    prefix = "/en" if language == "en" else ""
    return f"{prefix}/a/{R}/committee/{minutes.meeting_id}/minutes/{minutes.pk}/approve/"


@pytest.mark.parametrize("persona", ["anonymous", "outsider", *REFUSED, *APPROVERS])
def test_the_page_and_the_approval_are_refused_to_anyone_but_a_party_s_committee_member(
    client, request, minutes, persona
):
    if persona != "anonymous":
        client.force_login(request.getfixturevalue(persona))
    answers = [
        client.get(_url(minutes)).status_code,
        client.post(_url(minutes)).status_code,
        client.post(_url(minutes), {"confirm": "approve"}).status_code,
    ]
    if persona == "anonymous":
        assert answers == [302, 302, 302] and MinutesApproval.objects.count() == 0
    elif persona == "outsider":
        assert answers == [404, 404, 404] and MinutesApproval.objects.count() == 0
    elif persona in REFUSED:
        assert answers == [403, 403, 403] and MinutesApproval.objects.count() == 0
    else:
        # The page, the page again for a POST without the confirmation, then the approval.
        assert answers == [200, 200, 302]
        [approval] = MinutesApproval.objects.all()
        assert approval.party.code == APPROVERS[persona]
        # Approved: the party may not approve again, nor see the page.
        assert client.get(_url(minutes)).status_code == 403


def test_the_page_says_what_is_sealed_and_that_it_is_permanent(client, minutes, relief_member, rural_member):
    client.force_login(rural_member)
    meeting_page = client.get(f"/en/a/{R}/committee/{minutes.meeting_id}/").content.decode()
    assert f'href="{_url(minutes)}"' in meeting_page  # a link to the page, not a form that approves
    assert f'action="{_url(minutes)}"' not in meeting_page
    page = client.get(_url(minutes)).content.decode()
    assert "issues these minutes now as two PDF documents" in page
    assert f"P{minutes.meeting.agreement_id}-J" in page and "-V1-FA" in page and "-V1-EN" in page
    assert "cannot change afterwards" in page and TEXT in page and "نصب تابلوهای ترویج زکات" in page
    assert 'name="confirm" value="approve"' in page
    assert MinutesApproval.objects.count() == 0  # looking approves nothing
    persian = client.get(_url(minutes, "fa")).content.decode()
    assert "تأیید" in persian and "۱" in persian  # the version in Persian digits

    client.post(_url(minutes), {"confirm": "approve"})
    client.force_login(relief_member)
    page = client.get(_url(minutes)).content.decode()
    assert "fixed at the first approval" in page and "issues these minutes now" not in page
