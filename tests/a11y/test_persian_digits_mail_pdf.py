"""No Latin digit reaches a Persian reader in an e-mail or a PDF either (issue 19 point 3): every kind of
notification, the invitation and the password link, rendered in Persian with realistic figures (counts,
days, dates, decision and meeting numbers), in their subject, text and HTML parts; and the quarterly
report and the minutes, issued, read back with pdftotext.

What may keep Latin digits: what tests/a11y/test_persian_digits.py lets be on pages (codes with letters
such as «B5» or «P1-R1403-3-FA», text marked left to right or as English, people's own text), and in
plain text and PDFs, which carry no markup: addresses (http…, a domain), and the verification code,
which is typed back as printed (EXCEPTIONS)."""

import datetime as dt
import re

import pytest
from django.core import mail
from django.test import override_settings

from committee.pdf import Stamp as MinutesStamp
from committee.pdf import render_minutes_pdf
from committee.services import approve_minutes, create_meeting, mark_held, record_decision, write_minutes
from notifications.email import build_message
from notifications.models import Kind, Notification, Preference
from people import services as people_services
from reports.render import Stamp as ReportStamp
from reports.render import render_pdf
from reports.snapshot import build_snapshot
from tests.a11y.test_persian_digits import CODE, LATIN_DIGIT, latin_digits
from tests.committee.conftest import held_meeting, meeting  # noqa: F401 - fixtures
from tests.reports.conftest import QUARTER, needs_poppler, pdf_text, rolled_back_scenario, squash

SITE = "https://peyman.example.ir"
VERIFICATION_CODE = "7K3Q-9XW2-M4PT"
URL = re.compile(r"(?:https?://|www\.)\S+|\b[\w-]+(?:\.[\w-]+)+/\S*")


def latin_digits_in_text(text: str, allowed: tuple[str, ...] = ()) -> list[str]:
    """Latin digits in plain text (an e-mail's text part, a PDF's text), outside addresses, codes with
    letters and the `allowed` strings."""
    for exception in allowed:
        text = text.replace(exception, " ")
    text = URL.sub(" ", text)
    found = []
    for line in text.splitlines():
        for token in line.split():
            if LATIN_DIGIT.search(token) and not CODE.search(token):
                found.append(f"«{token}» in «{' '.join(line.split())[:90]}»")
    return found


# What each kind of notification carries, as the code that sends it writes its params (obligations,
# reports, monitoring.reminders, committee.notices, deadlines, terms), with figures above 9 so that a
# digit left Latin shows.
NOTIFICATIONS = [
    (
        Kind.ENTRY_RETURNED,
        {
            "number": "B5",
            "entry": 12,
            "comment": "عکس‌های ۳ روستا پیوست نشده است",
            "text_fa": "تکمیل پروژه‌های عمرانی عام‌المنفعه با وجوه زکات",
            "text_en": "",
            "happened_on": "2026-04-30",
        },
    ),
    (Kind.REPORT_ISSUED, {"number": "P1-R1403-3-FA", "quarter": "1403-Q3", "language": "fa"}),
    (
        Kind.MONITOR_DIGEST,
        {"waiting": 12, "new": 10, "resubmitted": 2, "oldest_days": 15, "period": "2026-04-21"},
    ),
    (
        Kind.FOCAL_DIGEST,
        {"overdue": 14, "stale": 11, "due_soon": 27, "decisions_open": 13, "decisions_overdue": 10},
    ),
    (Kind.MINUTES_TO_APPROVE, {"meeting": "2/1405", "version": 2}),
    (Kind.MINUTES_TO_APPROVE, {"meeting": "12/1405", "version": 1}),
    (
        Kind.DECISION_ASSIGNED,
        {"number": "1405-2-14", "text_fa": "پیگیری مصوبه ۲ جلسه ۱/۱۴۰۵", "text_en": "", "due_on": "2026-05-11"},
    ),
    (Kind.DEADLINE_STEP, {"step": "due_soon", "number": "B12", "due_on": "2026-05-11", "days": 14}),
    (Kind.DEADLINE_STEP, {"step": "overdue", "number": "B12", "due_on": "2026-05-11", "days": 1}),
    (Kind.DEADLINE_STEP, {"step": "both_parties", "number": "B12", "due_on": "2026-05-11", "days": 30}),
    (Kind.TERM_ENDING, {"ends_on": "2027-12-17", "days": 90}),
    (Kind.TERM_ENDING, {"ends_on": "2027-12-17", "days": 0, "expired": True}),
    (Kind.TERM_ENDING, {"ends_on": "2030-12-17", "days": 0, "renewed": True}),
]


def _parts(message) -> dict[str, str]:
    return {"subject": message.subject, "text": message.body, "html": message.alternatives[0][0]}


def _problems(label: str, message) -> list[str]:
    parts = _parts(message)
    found = [f"{label} subject: {f}" for f in latin_digits_in_text(parts["subject"])]
    found += [f"{label} text: {f}" for f in latin_digits_in_text(parts["text"])]
    found += [f"{label} html: {f}" for f in latin_digits(parts["html"])]
    return found


@override_settings(PEYMAN_SITE_URL=SITE)
def test_no_latin_digit_in_any_persian_e_mail(agreement, rural_staff):
    rural_staff.first_name, rural_staff.last_name, rural_staff.email = "مریم", "احمدی", "maryam@example.org"
    rural_staff.save()
    Preference.objects.update_or_create(user=rural_staff, defaults={"language": "fa"})
    preference = Preference.objects.get(user=rural_staff)
    problems = []
    for index, (kind, params) in enumerate(NOTIFICATIONS):
        notification = Notification.objects.create(
            recipient=rural_staff,
            agreement=agreement,
            kind=kind,
            params=params,
            path=f"/a/{agreement.reference}/commitments/B12/",
            event_key=f"digits:{index}",
        )
        problems += _problems(f"{kind} #{index}", build_message(notification, preference))
    assert problems == [], "\n".join(problems)


@pytest.mark.parametrize(
    ("language", "deadline", "term"),
    [
        ("fa", "پیمان: مهلت تعهد B12", "پیمان: مدت تفاهم‌نامه"),
        ("en", "Peyman: the deadline of commitment B12", "Peyman: the agreement's term"),
    ],
)
def test_a_deadline_and_a_term_alert_have_subjects_of_their_own(agreement, rural_staff, language, deadline, term):
    """They fell through to the focal points' weekly digest («تعهدات طرف شما در این هفته»)."""
    Preference.objects.update_or_create(user=rural_staff, defaults={"language": language})
    preference = Preference.objects.get(user=rural_staff)
    subjects = []
    for index, (kind, params) in enumerate(NOTIFICATIONS):
        notification = Notification.objects.create(
            recipient=rural_staff, agreement=agreement, kind=kind, params=params, event_key=f"subject:{index}"
        )
        subjects.append((kind, build_message(notification, preference).subject))
    assert {subject for kind, subject in subjects if kind == Kind.DEADLINE_STEP} == {deadline}
    assert {subject for kind, subject in subjects if kind == Kind.TERM_ENDING} == {term}
    # One subject per kind (the minutes' two notices name two meetings).
    assert len({subject for kind, subject in subjects if kind != Kind.MINUTES_TO_APPROVE}) == len(Kind.values) - 1


@override_settings(PEYMAN_SITE_URL=SITE, PEYMAN_INVITATION_DAYS=14)
def test_no_latin_digit_in_the_persian_invitation_and_password_link(agreement, rural, rural_focal, django_user_model):
    invited = people_services.invite_person(
        agreement=agreement,
        party=rural,
        by=rural_focal,
        first_name="علی",
        last_name="رضایی",
        email="ali2@example.org",
        role="staff",
        language="fa",
    )
    invited.set_password("x" * 16)
    invited.save()
    people_services.send_password_link(agreement=agreement, membership=invited.membership, by=rural_focal)
    assert len(mail.outbox) == 2
    problems = []
    for message in mail.outbox:
        problems += _problems(message.subject, message)
    assert problems == [], "\n".join(problems)


def test_the_text_check_finds_latin_digits_and_lets_codes_and_addresses_be():
    text = "مهلت 14 روز\nتعهد B5 در https://peyman.example.ir/a/x-1397/ و peyman.example.ir/reports/verify/ کد 7K3Q"
    found = latin_digits_in_text(text)
    assert len(found) == 1 and "«14»" in found[0], found


# ---- PDFs ----


@pytest.fixture(scope="module")
def issued_report_text(django_db_setup, django_db_blocker):
    """The 1403-Q3 scenario's Persian report as issued (number, code, revision), as pdftotext reads it."""
    with rolled_back_scenario(django_db_blocker) as agreement:
        snapshot = build_snapshot(agreement, QUARTER, "fa")
        stamp = ReportStamp(
            draft=False,
            report_number=f"P{agreement.pk}-R1403-3-FA",
            verification_code=VERIFICATION_CODE,
            revision=2,
            replaces_number=f"P{agreement.pk}-R1403-3-FA",
            correction_reason="اصلاح رقم ۱۲ در جدول",
            issued_at="2025-01-10T09:00:00+00:00",
            issued_by="ناظر طرح",
        )
        with override_settings(PEYMAN_SITE_URL=SITE):
            return pdf_text(render_pdf(snapshot, stamp))


@needs_poppler
@pytest.mark.django_db
def test_no_latin_digit_in_the_persian_quarterly_report(issued_report_text):
    assert "۱۴۰۳" in issued_report_text
    problems = latin_digits_in_text(issued_report_text, allowed=(VERIFICATION_CODE,))
    assert problems == [], "\n".join(problems)


@needs_poppler
@override_settings(PEYMAN_SITE_URL=SITE)
def test_no_latin_digit_in_the_persian_minutes(held_meeting, relief_member, rural_member, relief, rural):  # noqa: F811
    """The minutes of a second meeting: its agenda follows up twelve decisions of the first (generated
    titles «پیگیری مصوبه ۱۲ جلسه ۱/۱۴۰۳: …»), and it records twelve decisions of its own."""
    decisions = [
        record_decision(
            meeting=held_meeting,
            text_fa="مصوبه‌ای دربارهٔ روستاهای شهرستان تاکستان",  # people's text: no digit of its own
            text_en="",
            owner=rural if index % 2 else None,
            due_on=dt.date(2024, 10, 21) + dt.timedelta(days=index),
            by=relief_member,
        )
        for index in range(12)  # past nine rows: «۱۰», «۱۱», «۱۲»
    ]
    second = mark_held(
        meeting=create_meeting(
            agreement=held_meeting.agreement,
            starts_at=dt.datetime(2024, 12, 15, 10, 0, tzinfo=dt.UTC),
            place="سالن جلسات",
            by=relief_member,
            follow_up=decisions,
        ),
        by=relief_member,
    )
    assert second.agenda_items.count() == 12
    for index in range(12):
        record_decision(
            meeting=second,
            text_fa="ادامهٔ کار در روستاهای شهرستان بوئین‌زهرا",
            text_en="",
            owner=rural,
            due_on=dt.date(2025, 1, 21) + dt.timedelta(days=index),
            by=relief_member,
        )
    minutes = write_minutes(meeting=second, text="جلسه با حضور ۱۲ نماینده برگزار شد.", by=relief_member)
    approve_minutes(minutes=minutes, party=relief, by=relief_member)
    approve_minutes(minutes=minutes, party=rural, by=rural_member)
    stamp = MinutesStamp(
        draft=False,
        document_number=f"P{held_meeting.agreement_id}-J1403-2-V1-FA",
        verification_code=VERIFICATION_CODE,
        issued_at=dt.datetime(2024, 10, 1, 8, 30, tzinfo=dt.UTC),
        issued_by="مریم احمدی",
    )
    text = pdf_text(render_minutes_pdf(minutes, "fa", stamp))
    # pdftotext moves the spaces and the colon around runs of digits: compare words without white space.
    assert "۱۴۰۳" in text and squash("پیگیری مصوبه ۱۲ جلسه") in squash(text)
    problems = latin_digits_in_text(text, allowed=(VERIFICATION_CODE,))
    assert problems == [], "\n".join(problems)
