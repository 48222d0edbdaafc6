"""The minutes as a PDF (صورتجلسه): read back with pdftotext, fonts embedded, issued at the first
approval with its SHA-256, downloaded as the stored bytes, and verifiable like a quarterly report."""

import datetime as dt
import hashlib
import io

import pytest

from committee.models import IssuedMinutes
from committee.pdf import render_minutes_pdf
from committee.services import approve_minutes, record_decision, write_minutes
from tests.factories import approve_sealed
from tests.reports.conftest import needs_poppler, pdf_fonts, pdf_text, squash

R = "qazvin-ikrc-rural-1397"
DECISIONS = [
    "تهیه فهرست خانواده‌های نیازمند روستایی برای طرح محسنین",
    "برگزاری جلسه مشترک با دهیاران شهرستان بوئین‌زهرا",
    "نصب تابلوهای ترویج زکات در ورودی روستاهای تاکستان",
]

pytestmark = needs_poppler


@pytest.fixture
def approved_minutes(held_meeting, relief_member, rural_member, relief, rural):
    for index, text in enumerate(DECISIONS):
        record_decision(
            meeting=held_meeting,
            text_fa=text,
            text_en=f"Decision number {index + 1} in English",
            owner=rural if index != 1 else None,
            due_on=dt.date(2024, 10, 21 + index),
            by=relief_member,
        )
    minutes = write_minutes(meeting=held_meeting, text="جلسه با حضور نمایندگان دو دستگاه برگزار شد.", by=relief_member)
    approve_minutes(minutes=minutes, party=relief, by=relief_member)
    approve_minutes(minutes=minutes, party=rural, by=rural_member)
    return minutes


def test_the_persian_minutes_read_back_with_the_decisions_in_order(approved_minutes):
    pdf = render_minutes_pdf(approved_minutes, "fa")
    text = squash(pdf_text(pdf))
    for heading in ("صورتجلسه", "شرح مصوبه", "مسئول پیگیری", "مهلت اجرا", "ردیف", "حاضران"):
        assert squash(heading) in text, heading
    positions = [text.find(squash(decision)) for decision in DECISIONS]
    assert -1 not in positions and positions == sorted(positions)
    assert squash("۱۴۰۳/۰۷/۳۰") in text  # the first decision's deadline, Jalali with Persian digits
    assert squash("کمیته امداد امام خمینی (ره) استان قزوین") in text  # a signature line for each party
    assert "DRAFT" in text
    fonts = pdf_fonts(pdf)
    assert fonts and all(font["embedded"] for font in fonts)
    assert all("Vazirmatn" in font["name"] for font in fonts)


def test_the_english_minutes_are_left_to_right_with_gregorian_dates(approved_minutes):
    text = pdf_text(render_minutes_pdf(approved_minutes, "en"))
    assert "Minutes" in text and "Decision number 1 in English" in text and "2024-10-21" in text


def test_the_first_approval_issues_the_minutes_once_per_language_downloaded_as_stored(
    client, django_capture_on_commit_callbacks, held_meeting, relief_member, rural_member, relief, rural, rural_staff
):
    minutes = write_minutes(meeting=held_meeting, text="جلسه با حضور نمایندگان دو دستگاه برگزار شد.", by=relief_member)
    approve_sealed(django_capture_on_commit_callbacks, minutes=minutes, party=relief, by=relief_member)
    fa, en = IssuedMinutes.objects.order_by("language").reverse()
    assert (fa.language, en.language) == ("fa", "en")
    stored = fa.pdf.read()
    assert hashlib.sha256(stored).hexdigest() == fa.sha256 and fa.size == len(stored)
    assert fa.document_number == f"P{held_meeting.agreement_id}-J1403-1-V1-FA"
    assert fa.issued_by == relief_member and fa.sealing == "done" and fa.approvals_sealed == 1
    assert fa.verification_code in pdf_text(stored) and "DRAFT" not in pdf_text(stored)
    # The second approval adds to the same documents (no key configured here: nothing to sign).
    approve_sealed(django_capture_on_commit_callbacks, minutes=minutes, party=rural, by=rural_member)
    assert IssuedMinutes.objects.count() == 2
    fa.refresh_from_db()
    assert fa.approvals_sealed == 2 and fa.sealing == "done"

    client.force_login(rural_staff)  # any reader downloads; the bytes are the stored ones
    download = client.get(f"/a/{R}/committee/{held_meeting.pk}/minutes/{minutes.pk}/fa.pdf")
    assert download["Content-Type"] == "application/pdf" and download.content == fa.pdf.read()


def test_minutes_are_not_issued_before_the_first_approval(client, held_meeting, relief_member):
    minutes = write_minutes(meeting=held_meeting, text="متن", by=relief_member)
    assert not IssuedMinutes.objects.exists()
    client.force_login(relief_member)
    download = client.get(f"/a/{R}/committee/{held_meeting.pk}/minutes/{minutes.pk}/fa.pdf")
    assert download.status_code == 302  # to the meeting's page, where a draft is asked for


def test_issued_minutes_are_verified_by_file_and_by_code(
    client, django_capture_on_commit_callbacks, held_meeting, relief_member, relief, rural_viewer
):
    minutes = write_minutes(meeting=held_meeting, text="متن", by=relief_member)
    approve_sealed(django_capture_on_commit_callbacks, minutes=minutes, party=relief, by=relief_member)
    issued = IssuedMinutes.objects.get(language="fa")
    client.force_login(rural_viewer)
    upload = io.BytesIO(issued.pdf.read())
    upload.name = "minutes.pdf"
    page = client.post("/reports/verify/", {"file": upload}).content.decode()
    assert issued.document_number in page and issued.sha256 in page
    page = client.post(
        "/reports/verify/", {"code": issued.verification_code.lower().replace("-", " ")}
    ).content.decode()
    assert issued.document_number in page


def test_minutes_written_through_the_page_are_stored_and_printed_as_typed(
    client, django_capture_on_commit_callbacks, held_meeting, relief_member, relief
):
    """Issue 18 point 1: «تأیید», «خانۀ», «إمام» were stored, shown and printed as «تایید», «خانه», «امام»."""
    typed = "تأیید طرح خانۀ بهداشت به نام إمام رضا"
    client.force_login(relief_member)
    response = client.post(f"/a/{R}/committee/{held_meeting.pk}/minutes/", {"text": typed})
    assert response.status_code == 302
    minutes = held_meeting.minutes.get()
    assert minutes.text == typed
    approve_sealed(django_capture_on_commit_callbacks, minutes=minutes, party=relief, by=relief_member)
    text = squash(pdf_text(IssuedMinutes.objects.get(language="fa").pdf.read()))
    for word in ("تأیید", "خانۀ", "إمام"):
        assert squash(word) in text, word
