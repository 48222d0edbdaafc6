"""Generated text in Persian has Persian digits and Persian commas (issue 19, point 4): agenda titles,
decision numbers on pages and in e-mail subjects, date errors, lists."""

import datetime as dt
import re

from django.utils import translation

from agreement.formatting import display_number
from agreement.templatetags.peyman import plist
from committee.services import create_meeting
from notifications.email import build_message
from notifications.models import Kind, Notification, Preference
from tests.committee.conftest import TEHRAN

R = "qazvin-ikrc-rural-1397"
LATIN_DIGIT = re.compile(r"[0-9]")


def test_a_follow_up_agenda_title_has_persian_digits_and_the_decisions_text_as_typed(decision, relief_member):
    later = create_meeting(
        agreement=decision.meeting.agreement,
        starts_at=dt.datetime(2024, 12, 22, 10, 0, tzinfo=TEHRAN),
        place="سالن جلسات",
        by=relief_member,
        follow_up=[decision],
    )
    (item,) = later.agenda_items.all()
    assert item.title == "پیگیری مصوبه ۱ جلسه ۱/۱۴۰۳: " + decision.commitment.text_fa
    assert not LATIN_DIGIT.search(item.title)


def test_a_decisions_page_shows_its_number_in_persian_digits(client, decision, rural_staff):
    client.force_login(rural_staff)
    page = client.get(f"/a/{R}/commitments/{decision.commitment.number}/").content.decode()
    h1 = re.search(r"<h1>(.*?)</h1>", page, flags=re.S).group(1)
    assert "۱۴۰۳-۱-۱" in h1 and not LATIN_DIGIT.search(h1)
    title = re.search(r"<title>(.*?)</title>", page, flags=re.S).group(1)
    assert not LATIN_DIGIT.search(title)
    english = client.get(f"/en/a/{R}/commitments/{decision.commitment.number}/").content.decode()
    assert "1403-1-1" in re.search(r"<h1>(.*?)</h1>", english, flags=re.S).group(1)


def test_e_mail_subjects_name_decisions_and_meetings_in_persian_digits(rural_staff, agreement):
    Preference.objects.create(user=rural_staff, language="fa")
    for kind, params in [
        (Kind.DECISION_ASSIGNED, {"number": "1403-1-1", "text_fa": "نصب تابلو", "due_on": "2024-10-21"}),
        (Kind.MINUTES_TO_APPROVE, {"meeting": "1/1403", "version": 2}),
    ]:
        notification = Notification.objects.create(
            recipient=rural_staff, agreement=agreement, kind=kind, params=params, event_key=f"t:{kind}"
        )
        message = build_message(notification, Preference.objects.get(user=rural_staff))
        assert not LATIN_DIGIT.search(message.subject), message.subject
        assert not LATIN_DIGIT.search(notification.message), notification.message


def test_numbers_are_persian_and_codes_stay_as_typed():
    with translation.override("fa"):
        assert [display_number(v) for v in ("1405-1-4", "2/1405", 12, "B5", "ISO 14001")] == [
            "۱۴۰۵-۱-۴",
            "۲/۱۴۰۵",
            "۱۲",
            "B5",
            "ISO 14001",
        ]
        assert display_number("1405-1-4") == "۱۴۰۵-۱-۴"
        assert plist(["B1", "B2", "B3"]) == "B1، B2، B3"
    with translation.override("en"):
        assert display_number("1405-1-4") == "1405-1-4" and plist(["B1", "B2"]) == "B1, B2"
