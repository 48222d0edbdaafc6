"""The minutes as a PDF (صورتجلسه): read back with pdftotext, fonts embedded, issued once with its
SHA-256, downloaded as the stored bytes, and verifiable like a quarterly report."""

import datetime as dt
import hashlib
import io

import pytest

from committee.models import IssuedMinutes
from committee.pdf import NotIssuable, issue_minutes, render_minutes_pdf
from committee.services import approve_minutes, record_decision, write_minutes
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


def test_approved_minutes_are_issued_once_per_language_and_downloaded_as_stored(
    client, approved_minutes, relief_member, rural_staff
):
    client.force_login(relief_member)
    meeting = approved_minutes.meeting
    url = f"/a/{R}/committee/{meeting.pk}/minutes/{approved_minutes.pk}/fa/issue/"
    # The meeting page's button opens a page naming what becomes permanent; a bare POST issues nothing.
    assert client.post(url).status_code == 200 and not IssuedMinutes.objects.exists()
    response = client.post(url, {"confirm": "issue"})
    assert response.status_code == 302
    issued = IssuedMinutes.objects.get()
    stored = issued.pdf.read()
    assert hashlib.sha256(stored).hexdigest() == issued.sha256 and issued.size == len(stored)
    assert issued.document_number == f"P{meeting.agreement_id}-J1403-1-V1-FA"
    assert issued.verification_code in pdf_text(stored) and "DRAFT" not in pdf_text(stored)

    with pytest.raises(NotIssuable):
        issue_minutes(minutes=approved_minutes, language="fa", issued_by=relief_member)
    assert IssuedMinutes.objects.count() == 1

    client.force_login(rural_staff)  # any reader downloads; the bytes are the stored ones
    download = client.get(f"/a/{R}/committee/{meeting.pk}/minutes/{approved_minutes.pk}/fa.pdf")
    assert download["Content-Type"] == "application/pdf" and download.content == stored
    assert client.post(f"/a/{R}/committee/{meeting.pk}/minutes/{approved_minutes.pk}/en/issue/").status_code == 403


def test_minutes_not_yet_approved_by_every_party_are_not_issued(held_meeting, relief_member, relief):
    minutes = write_minutes(meeting=held_meeting, text="متن", by=relief_member)
    approve_minutes(minutes=minutes, party=relief, by=relief_member)
    with pytest.raises(NotIssuable):
        issue_minutes(minutes=minutes, language="fa", issued_by=relief_member)


def test_issued_minutes_are_verified_by_file_and_by_code(client, approved_minutes, relief_member, rural_viewer):
    issued = issue_minutes(minutes=approved_minutes, language="fa", issued_by=relief_member)
    client.force_login(rural_viewer)
    upload = io.BytesIO(issued.pdf.read())
    upload.name = "minutes.pdf"
    page = client.post("/reports/verify/", {"file": upload}).content.decode()
    assert issued.document_number in page and issued.sha256 in page
    page = client.post(
        "/reports/verify/", {"code": issued.verification_code.lower().replace("-", " ")}
    ).content.decode()
    assert issued.document_number in page


def test_issuing_minutes_goes_through_a_page_naming_what_becomes_permanent(client, approved_minutes, relief_member):
    meeting = approved_minutes.meeting
    client.force_login(relief_member)
    detail = client.get(f"/en/a/{R}/committee/{meeting.pk}/").content.decode()
    url = f"/en/a/{R}/committee/{meeting.pk}/minutes/{approved_minutes.pk}/en/issue/"
    assert f'href="{url}"' in detail  # a link to the page, not a one-click form
    page = client.get(url).content.decode()
    for fact in [
        f"Meeting {meeting.code}",
        meeting.place,
        "Version of the minutes",
        f"P{meeting.agreement_id}-J1403-1-V1-EN",
    ]:
        assert fact in page, fact
    for approval in approved_minutes.approvals.select_related("party", "approved_by"):
        assert approval.party.name_en in page and approval.approved_by.username in page
    assert "cannot be changed or deleted" in page
    persian = client.get(url.removeprefix("/en")).content.decode()
    assert "صدور صورتجلسه" in persian and "تغییر نمی‌کند و حذف نمی‌شود" in persian
    assert not IssuedMinutes.objects.exists()
    client.post(url, {"confirm": "issue"})
    assert IssuedMinutes.objects.get().language == "en"
    # Issued once: the page is not offered again.
    assert client.get(url).status_code == 302


def test_minutes_written_through_the_page_are_stored_and_printed_as_typed(
    client, held_meeting, relief_member, rural_member, relief, rural
):
    """Issue 18 point 1: «تأیید», «خانۀ», «إمام» were stored, shown and printed as «تایید», «خانه», «امام»."""
    typed = "تأیید طرح خانۀ بهداشت به نام إمام رضا"
    client.force_login(relief_member)
    response = client.post(f"/a/{R}/committee/{held_meeting.pk}/minutes/", {"text": typed})
    assert response.status_code == 302
    minutes = held_meeting.minutes.get()
    assert minutes.text == typed
    approve_minutes(minutes=minutes, party=relief, by=relief_member)
    approve_minutes(minutes=minutes, party=rural, by=rural_member)
    issued = issue_minutes(minutes=minutes, language="fa", issued_by=relief_member)
    text = squash(pdf_text(issued.pdf.read()))
    for word in ("تأیید", "خانۀ", "إمام"):
        assert squash(word) in text, word
