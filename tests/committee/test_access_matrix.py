"""Every committee and calendar view against every role, GET and POST: the server decides.

anonymous -> sign-in redirect; outside the agreement -> 404; may read but not do it -> 403.
A POST carries an empty form: those allowed get the form back with its errors (200) or are sent
back to the page (302), and nothing changes.
"""

import pytest

from committee.models import AgendaItem, Attendance, Decision, Meeting, Minutes, Programme, ProgrammeCorrection

R = "qazvin-ikrc-rural-1397"
READERS = [
    "rural_staff",
    "rural_viewer",
    "relief_staff",
    "monitor",
    "relief_member",
    "rural_member",
    "committee_member",
    "superuser",
]
PERSONAS = ["anonymous", "outsider", *READERS]
MEMBERS = {"relief_member", "rural_member", "committee_member"}
CALENDAR_KEEPERS = MEMBERS | {"relief_staff"}


def read_only(method, persona):
    return 200 if method == "get" else 405


def members_form(method, persona):
    return 200 if persona in MEMBERS else 403


def members_post_only(method, persona):
    if method == "get":
        return 405
    return 302 if persona in MEMBERS else 403


def keepers_form(method, persona):
    return 200 if persona in CALENDAR_KEEPERS else 403


def keepers_post_only(method, persona):
    if method == "get":
        return 405
    return 302 if persona in CALENDAR_KEEPERS else 403


VIEWS = {
    "meeting_list": (lambda o: f"/en/a/{R}/committee/", read_only),
    "decision_list": (lambda o: f"/en/a/{R}/committee/decisions/", read_only),
    "meeting_detail": (lambda o: f"/en/a/{R}/committee/{o['meeting'].pk}/", read_only),
    "meeting_ics": (lambda o: f"/en/a/{R}/committee/{o['meeting'].pk}/meeting.ics", read_only),
    "meeting_create": (lambda o: f"/en/a/{R}/committee/new/", members_form),
    "meeting_edit": (lambda o: f"/en/a/{R}/committee/{o['meeting'].pk}/edit/", members_form),
    "meeting_attendance": (lambda o: f"/en/a/{R}/committee/{o['meeting'].pk}/attendees/", members_form),
    "meeting_agenda_add": (lambda o: f"/en/a/{R}/committee/{o['meeting'].pk}/agenda/", members_post_only),
    "minutes_edit": (lambda o: f"/en/a/{R}/committee/{o['meeting'].pk}/minutes/", members_form),
    "decision_create": (lambda o: f"/en/a/{R}/committee/{o['meeting'].pk}/decisions/new/", members_form),
    "decision_edit": (lambda o: f"/en/a/{R}/committee/decisions/{o['decision'].pk}/edit/", members_form),
    "calendar_month": (lambda o: f"/en/a/{R}/calendar/", read_only),
    "calendar_list": (lambda o: f"/en/a/{R}/calendar/list/", read_only),
    "programme_detail": (lambda o: f"/en/a/{R}/calendar/programmes/{o['programme'].pk}/", read_only),
    "programme_create": (lambda o: f"/en/a/{R}/calendar/programmes/new/", keepers_form),
    "programme_edit": (lambda o: f"/en/a/{R}/calendar/programmes/{o['programme'].pk}/edit/", keepers_form),
    "programme_correct": (lambda o: f"/en/a/{R}/calendar/programmes/{o['programme'].pk}/correct/", keepers_post_only),
}


@pytest.fixture
def objects(decision, relief_member, agreement):
    programme = Programme.objects.create(
        agreement=agreement, title_fa="جشن نیکوکاری", hijri_month=9, hijri_day=10, created_by=relief_member
    )
    return {"meeting": decision.meeting, "decision": decision, "programme": programme}


def _snapshot():
    return [
        list(Meeting.objects.values_list("pk", "state", "place", "starts_at")),
        AgendaItem.objects.count(),
        Attendance.objects.count(),
        Minutes.objects.count(),
        list(Decision.objects.values_list("pk", "commitment__text_fa")),
        list(Programme.objects.values_list("pk", "title_fa")),
        ProgrammeCorrection.objects.count(),
    ]


@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("view", VIEWS)
def test_access(client, request, objects, view, persona, method):
    url_for, expected = VIEWS[view]
    if persona != "anonymous":
        client.force_login(request.getfixturevalue(persona))
    before = _snapshot()
    response = getattr(client, method)(url_for(objects))
    if persona == "anonymous":
        assert response.status_code == 302
        assert response["Location"].startswith("/en/accounts/login/")
    elif persona == "outsider":
        refused_before_lookup = 405 in (expected("get", persona), expected(method, persona)) and (
            expected(method, persona) == 405
        )
        assert response.status_code == (405 if refused_before_lookup else 404)
    else:
        assert response.status_code == expected(method, persona)
    assert _snapshot() == before


@pytest.mark.parametrize("persona", ["anonymous", "outsider", "rural_staff", "monitor", "superuser"])
def test_only_committee_members_mark_a_meeting_held_or_approve_minutes(client, request, meeting, persona):
    if persona != "anonymous":
        client.force_login(request.getfixturevalue(persona))
    response = client.post(f"/en/a/{R}/committee/{meeting.pk}/held/")
    assert response.status_code == {"anonymous": 302, "outsider": 404}.get(persona, 403)
    meeting.refresh_from_db()
    assert meeting.state == Meeting.State.DRAFT


def test_the_feed_settings_need_a_sign_in_and_reset_only_by_post(client, rural_staff):
    assert client.get("/en/calendar/feed/").status_code == 302
    client.force_login(rural_staff)
    assert client.get("/en/calendar/feed/").status_code == 200
    assert client.get("/en/calendar/feed/reset/").status_code == 405
