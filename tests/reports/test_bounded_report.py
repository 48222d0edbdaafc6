"""A report of any size: the body keeps to counts and the latest entries, the appendix to the quarter,
and every entry of the quarter travels inside the PDF as CSV and XLSX attachments."""

import csv
import datetime as dt
import io

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from obligations.models import Commitment, ProgressEntry
from reports import snapshot as snapshot_module
from reports.issue import draft_pdf
from reports.snapshot import LATEST_ACCEPTED, build_snapshot
from tests.reports.conftest import QUARTER, needs_poppler, pdf_text, squash

pytestmark = pytest.mark.django_db


def _add_entries(commitment, author, monitor, count, *, state="accepted", first_day=None, label="کار شماره"):
    """`count` entries on successive days of the quarter, straight into the table (fast)."""
    first_day = first_day or QUARTER.first_day
    reviewed = state != "submitted"
    ProgressEntry.objects.bulk_create(
        ProgressEntry(
            commitment=commitment,
            author=author,
            party=author.membership.party,
            happened_on=first_day + dt.timedelta(days=index % 80),
            reported_status="in_progress",
            percent_complete=min(index, 100),
            narrative=f"{label} {index:04d}",
            review_state=state,
            reviewed_by=monitor if reviewed else None,
            reviewed_at=dt.datetime(2025, 1, 2, tzinfo=dt.UTC) if reviewed else None,
            review_comment="نیاز به اصلاح" if state == "returned" else "",
        )
        for index in range(count)
    )


@pytest.fixture
def crowded(agreement, quarter_data, rural_staff, monitor):
    """B6 with 40 accepted and 6 awaiting entries in the quarter, and 5 awaiting from a year before."""
    b6 = Commitment.objects.get(agreement=agreement, number="B6")
    _add_entries(b6, rural_staff, monitor, 40, label="پذیرفته")
    _add_entries(b6, rural_staff, monitor, 6, state="submitted", label="در انتظار")
    _add_entries(b6, rural_staff, monitor, 5, state="submitted", first_day=dt.date(2023, 10, 1), label="قدیمی")
    return b6


def _row(snapshot, number):
    return next(row for s in snapshot["sections"] for row in s["commitments"] if row["number"] == number)


def _attachments(pdf: bytes) -> dict[str, bytes]:
    found = PdfReader(io.BytesIO(pdf)).attachments
    return {name: contents[0] for name, contents in found.items()}


def test_each_commitment_shows_its_counts_and_only_the_latest_accepted_entries(agreement, crowded):
    row = _row(build_snapshot(agreement, QUARTER, "fa"), "B6")
    assert row["counts"] == {"accepted": 40, "awaiting": 6, "returned": 0, "withdrawn": 0, "evidence": 0}
    assert len(row["entries"]) == LATEST_ACCEPTED
    days = [entry["happened_on"] for entry in row["entries"]]
    assert days == sorted(days, reverse=True)
    assert days[0] == (QUARTER.first_day + dt.timedelta(days=39)).isoformat()


def test_the_appendix_holds_only_the_quarters_pending_and_returned_entries(agreement, crowded):
    snapshot = build_snapshot(agreement, QUARTER, "fa")
    narratives = [entry["narrative"] for entry in snapshot["appendix"]]
    assert not [n for n in narratives if n.startswith("قدیمی")]
    assert len([n for n in narratives if n.startswith("در انتظار")]) == 6
    assert {entry["state"] for entry in snapshot["appendix"]} == {"submitted", "returned"}
    assert snapshot["completeness"]["awaiting_review"] == 7  # B3's and B6's six
    assert snapshot["appendix_total"] == len(snapshot["appendix"])


def test_a_long_appendix_is_cut_and_says_where_the_rest_is(agreement, crowded, monkeypatch):
    monkeypatch.setattr(snapshot_module, "APPENDIX_LIMIT", 3)
    snapshot = build_snapshot(agreement, QUARTER, "en")
    assert len(snapshot["appendix"]) == 3
    assert snapshot["appendix"][0]["state"] == "returned"
    assert snapshot["appendix_total"] == 8  # B4's returned, B3's and B6's awaiting


def test_the_quarter_entries_list_every_entry_of_the_quarter_in_every_state(agreement, crowded):
    snapshot = build_snapshot(agreement, QUARTER, "fa")
    in_quarter = ProgressEntry.objects.filter(
        commitment__agreement=agreement, happened_on__range=(QUARTER.first_day, QUARTER.last_day)
    )
    assert [e["id"] for e in snapshot["quarter_entries"]] == list(
        in_quarter.order_by("happened_on", "created_at", "pk").values_list("pk", flat=True)
    )
    assert {e["state"] for e in snapshot["quarter_entries"]} == {"accepted", "submitted", "returned"}


@pytest.fixture
def crowded_pdf(agreement, crowded):
    return draft_pdf(agreement, QUARTER, "fa")


def test_the_pdf_carries_the_full_lists_as_csv_and_xlsx(agreement, crowded_pdf):
    files = _attachments(crowded_pdf)
    stem = f"{agreement.reference}-{QUARTER}-entries"
    assert set(files) == {f"{stem}.csv", f"{stem}.xlsx"}
    expected = ProgressEntry.objects.filter(
        commitment__agreement=agreement, happened_on__range=(QUARTER.first_day, QUARTER.last_day)
    ).count()

    rows = list(csv.reader(io.StringIO(files[f"{stem}.csv"].decode("utf-8-sig"))))
    assert len(rows) == 1 + expected
    narratives = {row[12] for row in rows[1:]}
    assert "پذیرفته 0000" in narratives  # the oldest accepted entry: not printed, but attached
    assert "در انتظار 0005" in narratives
    assert "قدیمی 0000" not in narratives

    sheet = load_workbook(io.BytesIO(files[f"{stem}.xlsx"]), read_only=True).active
    sheet_rows = list(sheet.iter_rows(values_only=True))
    assert len(sheet_rows) == 1 + expected
    assert {row[12] for row in sheet_rows[1:]} == narratives


@needs_poppler
def test_the_printed_pages_show_the_latest_entries_and_name_the_attachments(agreement, crowded_pdf):
    text = squash(pdf_text(crowded_pdf))
    assert squash("پذیرفته 0039") in text
    assert squash("پذیرفته 0000") not in text
    assert squash(f"{agreement.reference}-{QUARTER}-entries.xlsx") in text
    assert squash("قدیمی") not in text


def test_the_page_count_does_not_grow_with_the_accepted_entries(agreement, quarter_data, rural_staff, monitor):
    b6 = Commitment.objects.get(agreement=agreement, number="B6")
    _add_entries(b6, rural_staff, monitor, 5, label="نخست")
    few = len(PdfReader(io.BytesIO(draft_pdf(agreement, QUARTER, "fa"))).pages)
    _add_entries(b6, rural_staff, monitor, 200, label="بسیار")
    many = len(PdfReader(io.BytesIO(draft_pdf(agreement, QUARTER, "fa"))).pages)
    assert many == few
