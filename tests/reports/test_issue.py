"""Issuing: stored bytes, snapshot, hash and number; the quarter locked; once per quarter and language."""

import csv
import datetime as dt
import hashlib
import io
import re
import zipfile

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from monitoring.models import QuarterLock
from obligations.models import Review
from reports.issue import AlreadyIssued, NotLatestRevision, issue_report
from reports.models import IssuedReport
from reports.snapshot import build_snapshot
from tests.factories import decide, make_entry
from tests.reports.conftest import QUARTER, cover_text, make_issued, page_texts, pdf_text


def _stored_bytes(report) -> bytes:
    with report.pdf.open("rb") as handle:
        return handle.read()


def test_issuing_stores_the_pdf_its_data_and_hash_and_locks_the_quarter(agreement, quarter_data, monitor):
    report = issue_report(
        agreement=agreement, period=QUARTER, language="fa", issued_by=monitor, accept_unevaluated=True
    )
    stored = _stored_bytes(report)
    assert hashlib.sha256(stored).hexdigest() == report.sha256
    assert report.size == len(stored)
    assert report.report_number == f"P{agreement.pk}-1403Q3-FA-R1"
    assert report.snapshot == build_snapshot(agreement, QUARTER, "fa", now=report.issued_at)
    lock = QuarterLock.objects.get(agreement=agreement, year=1403, quarter=3)
    assert lock.locked and lock.changed_by == monitor
    assert QuarterLock.is_locked(agreement, QUARTER)
    assert report.history.first().history_user == monitor
    pages = page_texts(stored)
    # Every issued page carries its number and verification code, and none says DRAFT.
    assert all(report.report_number in page for page in pages)
    assert all(report.verification_code in page for page in pages)
    assert not any("DRAFT" in page for page in pages)


def test_issuing_twice_is_refused_and_a_correction_is_the_next_revision(agreement, quarter_data, monitor):
    first = issue_report(agreement=agreement, period=QUARTER, language="en", issued_by=monitor, accept_unevaluated=True)
    with pytest.raises(AlreadyIssued):
        issue_report(agreement=agreement, period=QUARTER, language="en", issued_by=monitor, accept_unevaluated=True)
    assert IssuedReport.objects.count() == 1
    # An administrator reopened the quarter; the correction locks it again.
    lock = QuarterLock.objects.get(agreement=agreement, year=1403, quarter=3)
    lock.locked, lock.reason = False, "B2's evaluation was wrong"
    lock.save()
    second = issue_report(
        agreement=agreement,
        period=QUARTER,
        language="en",
        issued_by=monitor,
        replaces=first,
        correction_reason="Rating of B2 corrected",
        accept_unevaluated=True,
    )
    assert (second.revision, second.replaces, second.report_number) == (2, first, f"P{agreement.pk}-1403Q3-EN-R2")
    assert QuarterLock.is_locked(agreement, QUARTER)
    cover = cover_text(_stored_bytes(second))
    assert first.report_number in cover and "Rating of B2 corrected" in cover
    first.refresh_from_db()
    assert not first.is_current and second.is_current
    with pytest.raises(NotLatestRevision):
        issue_report(
            agreement=agreement,
            period=QUARTER,
            language="en",
            issued_by=monitor,
            replaces=first,
            correction_reason="x",
            accept_unevaluated=True,
        )


def test_a_report_in_the_other_language_is_a_separate_first_revision(agreement, monitor):
    make_issued(agreement, monitor, language="fa")
    assert IssuedReport.objects.latest_revision(agreement, QUARTER, "en") is None


def test_the_database_refuses_a_second_revision_1(agreement, monitor):
    make_issued(agreement, monitor)
    with pytest.raises(IntegrityError), transaction.atomic():
        IssuedReport.objects.create(
            **{
                f.name: getattr(IssuedReport.objects.get(), f.name)
                for f in IssuedReport._meta.concrete_fields
                if f.name not in ("id", "report_number", "verification_code", "sha256")
            },
            report_number="other",
            verification_code="ABCDE-FGHJK",
            sha256="b" * 64,
        )


def test_the_database_refuses_a_correction_that_names_nothing(agreement, monitor):
    with pytest.raises(IntegrityError), transaction.atomic():
        make_issued(agreement, monitor, revision=2)


def _completeness_figures(text: str) -> list[str]:
    """The completeness sentences as the reader sees them, figures included."""
    text = " ".join(text.split())
    patterns = [
        r"\d+ of \d+ commitments are not evaluated for this quarter",
        r"Entries still awaiting review: \d+",
        r"Entries returned and not yet fixed: \d+",
    ]
    found = [re.search(pattern, text) for pattern in patterns]
    assert all(found), (patterns, text)
    return [match.group(0) for match in found]


def test_the_confirmation_page_shows_the_figures_the_issued_report_prints(client, agreement, quarter_data, monitor):
    b4 = quarter_data["commitments"]["B4"]
    # Entries of earlier quarters still awaiting review or returned: not the quarter's, so not in its report.
    make_entry(b4, monitor, happened_on=dt.date(2024, 7, 1), reported_status="in_progress", narrative="پیش")
    returned = make_entry(b4, monitor, happened_on=dt.date(2024, 6, 1), reported_status="in_progress", narrative="پس")
    decide(returned, monitor, Review.Decision.RETURNED, "ناقص")
    client.force_login(monitor)
    url = "/en" + reverse("report_issue", args=[agreement.reference])
    page = re.sub(r"<[^>]+>", " ", client.get(url, {"quarter": str(QUARTER), "language": "en"}).content.decode())
    report = issue_report(
        agreement=agreement, period=QUARTER, language="en", issued_by=monitor, accept_unevaluated=True
    )
    printed = pdf_text(report.pdf.read())
    assert _completeness_figures(page) == _completeness_figures(printed)
    assert _completeness_figures(printed)[1:] == [
        "Entries still awaiting review: 1",
        "Entries returned and not yet fixed: 1",
    ]


def test_the_issued_reports_attached_lists_carry_no_live_formula(agreement, quarter_data, monitor, rural_staff):
    b5 = quarter_data["commitments"]["B5"]
    make_entry(b5, rural_staff, happened_on=dt.date(2024, 11, 3), village="=1+1", narrative="@SUM(A1:A9)")
    report = issue_report(
        agreement=agreement, period=QUARTER, language="fa", issued_by=monitor, accept_unevaluated=True
    )
    files = {name: contents[0] for name, contents in PdfReader(io.BytesIO(report.pdf.read())).attachments.items()}
    stem = f"{agreement.reference}-{QUARTER}-entries"

    rows = list(csv.reader(io.StringIO(files[f"{stem}.csv"].decode("utf-8-sig"))))
    typed = next(row for row in rows if row[11].endswith("=1+1"))
    assert (typed[11], typed[12]) == ("'=1+1", "'@SUM(A1:A9)")

    with zipfile.ZipFile(io.BytesIO(files[f"{stem}.xlsx"])) as package:
        sheet = package.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet and "<f " not in sheet
    cells = {
        cell.value: cell.data_type
        for row in load_workbook(io.BytesIO(files[f"{stem}.xlsx"])).active.iter_rows()
        for cell in row
    }
    assert cells["=1+1"] == "s" and cells["@SUM(A1:A9)"] == "s"


def test_a_withdrawn_entry_is_labelled_withdrawn_in_the_attached_list(agreement, quarter_data, rural_staff):
    from obligations.services import withdraw_entry
    from reports.attachments import entry_files

    awaiting = quarter_data["awaiting"]
    awaiting.refresh_from_db()
    withdraw_entry(entry=awaiting, reason="تکراری", expected_version=awaiting.version)
    files = entry_files(build_snapshot(agreement, QUARTER, "en"))
    rows = list(csv.reader(io.StringIO(files[0].content.decode("utf-8-sig"))))
    row = next(row for row in rows[1:] if row[0] == str(awaiting.pk))
    assert (row[13], row[16]) == ("Withdrawn", "yes")
