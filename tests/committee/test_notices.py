"""What the committee waits on reaches people: minutes to approve, decisions to carry out (inbox and e-mail)."""

import datetime as dt

import pytest
from django.core import mail

from agreement.persian import to_persian_digits as _fa
from committee.services import approve_minutes, correct_minutes, record_decision, update_decision, write_minutes
from notifications.models import Kind, Notification

REFERENCE = "qazvin-ikrc-rural-1397"


@pytest.fixture
def addresses(relief_member, rural_member, rural_focal, rural_staff, monitor):
    for person in (relief_member, rural_member, rural_focal, rural_staff, monitor):
        person.email = f"{person.username}@example.org"
        person.save(update_fields=["email"])


def told(kind) -> dict[str, Notification]:
    return {n.recipient.username: n for n in Notification.objects.filter(kind=kind).select_related("recipient")}


def test_new_minutes_reach_the_other_partys_committee_member_once(
    held_meeting, relief_member, rural_member, addresses, committee_member
):
    minutes = write_minutes(meeting=held_meeting, text="متن صورتجلسه", by=relief_member)
    write_minutes(meeting=held_meeting, text="متن صورتجلسه، ویرایش", by=relief_member)  # an edit: no second notice

    # The writer knows; the seat without a party cannot approve; the other party's member is told.
    notices = told(Kind.MINUTES_TO_APPROVE)
    assert set(notices) == {"committee-rural"}
    notice = notices["committee-rural"]
    assert notice.path == f"/a/{REFERENCE}/committee/{held_meeting.pk}/"
    assert notice.message == f"صورتجلسهٔ جلسهٔ {_fa(held_meeting.code)} کمیته منتظر تأیید طرف شماست."
    [message] = mail.outbox
    assert message.to == ["committee-rural@example.org"]
    assert "منتظر تأیید" in message.subject
    assert minutes.version == 1


def test_corrected_minutes_ask_every_party_again(held_meeting, relief_member, rural_member, addresses):
    minutes = write_minutes(meeting=held_meeting, text="متن", by=relief_member)
    approve_minutes(minutes=minutes, party=relief_member.membership.party, by=relief_member)
    approve_minutes(minutes=minutes, party=rural_member.membership.party, by=rural_member)
    correct_minutes(meeting=held_meeting, text="متن اصلاح‌شده", reason="اشتباه در تاریخ", by=rural_member)

    corrected = Notification.objects.get(kind=Kind.MINUTES_TO_APPROVE, recipient=relief_member)
    assert corrected.params["version"] == 2
    assert "اصلاح‌شده" in corrected.message
    assert Notification.objects.filter(kind=Kind.MINUTES_TO_APPROVE).count() == 2  # v1 to rural, v2 to relief


def test_a_decision_reaches_the_owning_partys_focal_point_and_committee_member(
    held_meeting, relief_member, rural_member, rural_focal, rural_staff, monitor, rural, addresses
):
    decision = record_decision(
        meeting=held_meeting,
        text_fa="نصب تابلوهای ترویج زکات",
        text_en="Install zakat signs",
        owner=rural,
        due_on=dt.date(2024, 10, 21),
        responsible_person=rural_staff,
        by=relief_member,
    )
    notices = told(Kind.DECISION_ASSIGNED)
    assert set(notices) == {"rural-focal", "committee-rural", "rural-staff"}
    notice = notices["rural-focal"]
    number = decision.commitment.number
    assert notice.path == f"/a/{REFERENCE}/commitments/{number}/"
    assert notice.message.startswith(f"مصوبهٔ {_fa(number)} کمیتهٔ مشترک به طرف شما سپرده شد.")
    assert "۳۰ مهر ۱۴۰۳" in notice.message
    assert notice.quoted == "نصب تابلوهای ترویج زکات"
    assert sorted(m.to[0] for m in mail.outbox) == [
        "committee-rural@example.org",
        "rural-focal@example.org",
        "rural-staff@example.org",
    ]


def test_the_english_reader_gets_the_english_text_and_date(
    held_meeting, relief_member, rural_focal, rural, addresses, client
):
    record_decision(
        meeting=held_meeting,
        text_fa="نصب تابلوها",
        text_en="Install signs",
        owner=rural,
        due_on=dt.date(2024, 10, 21),
        by=relief_member,
    )
    client.force_login(rural_focal)
    page = client.get("/en/inbox/").content.decode()
    assert "was assigned to your party. Deadline: 21 Oct 2024." in page
    assert "Install signs" in page
    # A task, quoted in neutral colours, not in the red of a returned entry's comment.
    assert '<blockquote class="notification-quote neutral" dir="auto">Install signs</blockquote>' in page


def test_moving_a_decision_to_the_other_party_tells_the_new_owner_only(
    held_meeting, relief_member, rural_member, rural_focal, relief, rural, monitor, addresses
):
    decision = record_decision(meeting=held_meeting, text_fa="پیگیری", owner=rural, by=relief_member)
    update_decision(decision=decision, text_fa="پیگیری", owner=rural, by=relief_member)  # unchanged: no new notice
    assert set(told(Kind.DECISION_ASSIGNED)) == {"rural-focal", "committee-rural"}
    update_decision(decision=decision, text_fa="پیگیری", owner=relief, by=rural_member)
    # The relief side's committee member is told; the relief side has no focal point in these personas.
    assert Notification.objects.filter(kind=Kind.DECISION_ASSIGNED, recipient=relief_member).exists()
    assert Notification.objects.filter(kind=Kind.DECISION_ASSIGNED).count() == 3


def test_a_decision_without_owner_or_follower_tells_nobody(held_meeting, relief_member, addresses):
    record_decision(meeting=held_meeting, text_fa="بررسی در جلسهٔ بعد", by=relief_member)
    assert not Notification.objects.filter(kind=Kind.DECISION_ASSIGNED).exists()


def test_people_can_turn_the_new_e_mails_off(client, held_meeting, relief_member, rural_member, addresses):
    client.force_login(rural_member)
    page = client.get("/en/inbox/settings/").content.decode()
    assert "Committee minutes awaiting my party" in page and "A joint committee decision assigned" in page
    response = client.post(
        "/en/inbox/settings/",
        {
            "language": "en",
            "email_entry_returned": "on",
            "email_report_issued": "on",
            "email_monitor_digest": "on",
            "email_focal_digest": "on",
            "email_decision_assigned": "on",
        },
    )
    assert response.status_code == 302
    write_minutes(meeting=held_meeting, text="متن", by=relief_member)
    assert Notification.objects.filter(kind=Kind.MINUTES_TO_APPROVE, recipient=rural_member).exists()  # in the inbox
    assert mail.outbox == []  # but no e-mail
