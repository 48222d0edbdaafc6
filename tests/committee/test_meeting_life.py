"""The life of a meeting through its pages: planned, held, minutes written, approved by both
parties, then corrected by a new version that names the old one."""

import pytest

from committee.models import Meeting, Minutes

R = "qazvin-ikrc-rural-1397"


def test_a_meeting_goes_from_draft_to_approved_minutes_and_is_corrected(
    client, agreement, relief_member, rural_member, commitment
):
    client.force_login(relief_member)
    response = client.post(
        f"/a/{R}/committee/new/",
        {"date": "۱۴۰۳/۰۷/۰۱", "time": "۱۰:۳۰", "duration_minutes": "90", "place": "سالن جلسات امداد"},
    )
    meeting = Meeting.objects.get()
    assert response.status_code == 302
    assert (meeting.year, meeting.number, meeting.state) == (1403, 1, "draft")
    assert meeting.starts_at.isoformat() == "2024-09-22T07:00:00+00:00"  # 10:30 in Tehran

    client.post(
        f"/a/{R}/committee/{meeting.pk}/agenda/", {"title": "برنامه جشن عاطفه‌ها", "commitments": [commitment("B11").pk]}
    )
    client.post(
        f"/a/{R}/committee/{meeting.pk}/attendees/",
        {"members": [relief_member.pk, rural_member.pk], "guests": "محمد کاظمی – فرمانداری آبیک"},
    )
    assert [a.name for a in meeting.attendances.all()][-1] == "محمد کاظمی"
    assert meeting.agenda_items.get().commitments.get().number == "B11"

    # Minutes and decisions wait until the meeting is held.
    assert client.get(f"/a/{R}/committee/{meeting.pk}/minutes/").status_code == 403
    client.post(f"/a/{R}/committee/{meeting.pk}/held/")
    meeting.refresh_from_db()
    assert meeting.state == "held" and meeting.held_at is not None

    client.post(f"/a/{R}/committee/{meeting.pk}/minutes/", {"text": "نسخه نخست صورتجلسه"})
    minutes = Minutes.objects.get()
    client.post(f"/a/{R}/committee/{meeting.pk}/minutes/", {"text": "نسخه نخست صورتجلسه، اصلاح‌شده پیش از امضا"})
    minutes.refresh_from_db()
    assert minutes.version == 1 and minutes.text.endswith("پیش از امضا")

    client.post(f"/a/{R}/committee/{meeting.pk}/minutes/{minutes.pk}/approve/", {"confirm": "approve"})
    # Once a party approved these words they are fixed for everyone.
    assert client.get(f"/a/{R}/committee/{meeting.pk}/minutes/").status_code == 403
    meeting.refresh_from_db()
    assert meeting.state == "held"

    client.force_login(rural_member)
    client.post(f"/a/{R}/committee/{meeting.pk}/minutes/{minutes.pk}/approve/", {"confirm": "approve"})
    meeting.refresh_from_db()
    assert meeting.state == "approved"
    assert {(a.party.code, a.approved_by.username) for a in minutes.approvals.all()} == {
        ("ikrc-qazvin", "committee-relief"),
        ("rural-affairs-qazvin", "committee-rural"),
    }
    # Approved: nothing about the meeting changes any more, except by a correction.
    assert client.get(f"/a/{R}/committee/{meeting.pk}/edit/").status_code == 403
    assert client.get(f"/a/{R}/committee/{meeting.pk}/decisions/new/").status_code == 403

    response = client.post(
        f"/a/{R}/committee/{meeting.pk}/minutes/correct/",
        {"text": "نسخه دوم صورتجلسه", "reason": "نام یکی از حاضران جا افتاده بود."},
    )
    assert response.status_code == 302
    corrected = Minutes.objects.get(version=2)
    assert corrected.replaces == minutes and corrected.correction_reason.startswith("نام")
    minutes.refresh_from_db()
    assert minutes.text == "نسخه نخست صورتجلسه، اصلاح‌شده پیش از امضا"  # the approved version is untouched
    meeting.refresh_from_db()
    assert meeting.state == "held"  # the new version needs both approvals again
    assert meeting.current_minutes() == corrected

    page = client.get(f"/a/{R}/committee/{meeting.pk}/").content.decode()
    assert "نسخه دوم صورتجلسه" in page and "نام یکی از حاضران جا افتاده بود." in page
    # Everything is in the history, under whoever did it.
    assert minutes.history.count() >= 2
    assert meeting.history.filter(state="approved").get().history_user == rural_member


def test_an_approved_version_cannot_be_approved_twice_by_one_party(client, held_meeting, relief_member):
    from committee.services import write_minutes

    minutes = write_minutes(meeting=held_meeting, text="متن", by=relief_member)
    client.force_login(relief_member)
    approve = f"/a/{R}/committee/{held_meeting.pk}/minutes/{minutes.pk}/approve/"
    client.post(approve, {"confirm": "approve"})
    assert client.post(approve, {"confirm": "approve"}).status_code == 403
    assert minutes.approvals.count() == 1


def test_meetings_are_numbered_per_jalali_year(agreement, relief_member):
    import datetime as dt

    from committee.services import create_meeting
    from tests.committee.conftest import TEHRAN

    first = create_meeting(
        agreement=agreement, starts_at=dt.datetime(2025, 3, 19, 9, tzinfo=TEHRAN), place="الف", by=relief_member
    )
    second = create_meeting(
        agreement=agreement, starts_at=dt.datetime(2025, 3, 21, 9, tzinfo=TEHRAN), place="ب", by=relief_member
    )
    third = create_meeting(
        agreement=agreement, starts_at=dt.datetime(2025, 4, 1, 9, tzinfo=TEHRAN), place="ج", by=relief_member
    )
    assert [(m.year, m.number) for m in (first, second, third)] == [(1403, 1), (1404, 1), (1404, 2)]


def test_a_guest_needs_an_organisation(client, meeting, relief_member):
    client.force_login(relief_member)
    response = client.post(f"/a/{R}/committee/{meeting.pk}/attendees/", {"guests": "محمد کاظمی"})
    assert response.status_code == 200
    assert meeting.attendances.count() == 0


@pytest.mark.parametrize("language", ["fa", "en"])
def test_the_meeting_page_fits_a_query_budget(client, decision, relief_member, django_assert_max_num_queries, language):
    client.force_login(relief_member)
    prefix = "" if language == "fa" else "/en"
    with django_assert_max_num_queries(25):
        assert client.get(f"{prefix}/a/{R}/committee/{decision.meeting.pk}/").status_code == 200
    with django_assert_max_num_queries(15):
        assert client.get(f"{prefix}/a/{R}/committee/").status_code == 200


def test_a_meeting_is_marked_held_only_from_its_start_time_on(client, agreement, relief_member):
    import datetime as dt

    import time_machine
    from django.utils import timezone

    from committee.services import NotStartedYet, create_meeting, mark_held

    starts = timezone.now().replace(microsecond=0) + dt.timedelta(days=9)
    meeting = create_meeting(agreement=agreement, starts_at=starts, place="سالن", by=relief_member)
    client.force_login(relief_member)
    page = client.get(f"/en/a/{R}/committee/{meeting.pk}/").content.decode()
    assert "It can be marked held from its start time on." in page and "Mark the meeting as held" not in page
    response = client.post(f"/a/{R}/committee/{meeting.pk}/held/", follow=True)
    assert "هنوز آغاز نشده" in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.state == "draft" and meeting.held_at is None
    with pytest.raises(NotStartedYet):
        mark_held(meeting=meeting, by=relief_member)
    with time_machine.travel(starts, tick=False):
        assert mark_held(meeting=meeting, by=relief_member).state == "held"


@pytest.mark.parametrize(("language", "waiting"), [("fa", "هنوز تأیید نشده"), ("en", "not approved yet")])
def test_a_party_that_has_not_approved_the_minutes_is_said_to_be_waiting(
    client, held_meeting, relief_member, language, waiting
):
    from committee.services import approve_minutes, write_minutes

    minutes = write_minutes(meeting=held_meeting, text="متن", by=relief_member)
    approve_minutes(minutes=minutes, party=relief_member.membership.party, by=relief_member)
    client.force_login(relief_member)
    prefix = "" if language == "fa" else "/en"
    page = client.get(f"{prefix}/a/{R}/committee/{held_meeting.pk}/").content.decode()
    approvals = page.split('<ul class="approvals">')[1].split("</ul>")[0]
    assert approvals.count("<li>") == 2
    assert approvals.count(waiting) == 1  # the rural office, which has not approved
    assert approvals.count('class="badge badge-green"') == 1
