"""CSV and XLSX downloads: the filtered list, both calendars, the reader's language, import-ready headers."""

import csv
import datetime as dt
import io

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from openpyxl import load_workbook

from dashboard import exports
from dashboard.exports import COMMITMENT_COLUMNS, ENTRY_COLUMNS, EVALUATION_COLUMNS
from obligations.models import Commitment, ProgressEntry

BASE = "/a/qazvin-ikrc-rural-1397/export"
NOW = dt.datetime(2024, 11, 1, 9, 0, tzinfo=dt.UTC)


def _csv(response) -> list[dict]:
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")  # Excel needs the BOM to read UTF-8 Persian
    return list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))


def _xlsx(response):
    return _xlsx_bytes(b"".join(response.streaming_content))


def _xlsx_bytes(data: bytes):
    book = load_workbook(io.BytesIO(data))
    sheet = book.worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    return sheet, rows[0], rows[1:]


@time_machine.travel(NOW, tick=False)
def test_entries_csv_has_persian_headers_and_both_calendars(client, agreement, committee_member, log, review):
    review(log("B5", percent=30, happened_on=dt.date(2024, 3, 20)), "returned", "عکس لازم است")
    client.force_login(committee_member)
    response = client.get(f"{BASE}/entries/", {"format": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    assert "qazvin-ikrc-rural-1397-entries-" in response["Content-Disposition"]
    (row,) = _csv(response)
    with translation.override("fa"):
        jalali, gregorian = str(ENTRY_COLUMNS[5].header), str(ENTRY_COLUMNS[6].header)
        assert ENTRY_COLUMNS[5].key == "happened_on_jalali"
        review_header = str(next(c.header for c in ENTRY_COLUMNS if c.key == "review_comment"))
        commitment_header = str(ENTRY_COLUMNS[1].header)
    assert jalali != "Date of the work (Jalali)"  # translated
    assert row[jalali] == "1403/01/01" and row[gregorian] == "2024-03-20"
    assert row[review_header] == "عکس لازم است" and row[commitment_header] == "B5"


@time_machine.travel(NOW, tick=False)
def test_entries_export_in_english_uses_english_headers_and_labels(client, agreement, committee_member, log):
    log("B5", percent=30, status="at_risk")
    client.force_login(committee_member)
    (row,) = _csv(client.get(f"/en{BASE}/entries/", {"format": "csv"}))
    assert row["Commitment"] == "B5" and row["Reported status"] == "At risk" and row["Percent complete"] == "30"
    assert row["Review"] == "Awaiting review"


@time_machine.travel(NOW, tick=False)
def test_entries_export_takes_the_entry_lists_filters(client, agreement, monitor, log, review):
    county = agreement.counties.first()
    log("B1", county=county)
    review(log("B2"), "accepted")
    log("A1", county=county)
    client.force_login(monitor)
    rows = _csv(
        client.get(f"/en{BASE}/entries/", {"format": "csv", "county": county.code, "party": "rural-affairs-qazvin"})
    )
    assert [row["Commitment"] for row in rows] == ["B1"]
    rows = _csv(client.get(f"/en{BASE}/entries/", {"format": "csv", "review": "accepted"}))
    assert [row["Commitment"] for row in rows] == ["B2"]


@time_machine.travel(NOW, tick=False)
def test_entries_xlsx_has_real_dates_and_a_right_to_left_sheet_in_persian(client, agreement, monitor, log):
    log("B5", happened_on=dt.date(2024, 3, 20))
    client.force_login(monitor)
    response = client.get(f"{BASE}/entries/", {"format": "xlsx"})
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    sheet, headers, rows = _xlsx(response)
    assert sheet.sheet_view.rightToLeft
    with translation.override("fa"):
        assert list(headers) == [str(column.header) for column in ENTRY_COLUMNS]
    keys = [column.key for column in ENTRY_COLUMNS]
    record = dict(zip(keys, rows[0], strict=True))
    assert record["happened_on_jalali"] == "1403/01/01"
    assert record["happened_on_gregorian"] == dt.datetime(2024, 3, 20)
    english, _, _ = _xlsx(client.get(f"/en{BASE}/entries/", {"format": "xlsx"}))
    assert not english.sheet_view.rightToLeft


@time_machine.travel(NOW, tick=False)
def test_commitments_export_takes_the_commitment_pages_filters(client, agreement, rural_viewer, log):
    b1 = Commitment.objects.get(number="B1")
    b1.due_on = dt.date(2024, 5, 1)
    b1.save()
    log("B2", percent=60)
    client.force_login(rural_viewer)
    rows = _csv(client.get(f"/en{BASE}/commitments/", {"format": "csv", "overdue": "1"}))
    assert [row["Number"] for row in rows] == ["B1"]
    assert rows[0]["Due date (Jalali)"] == "1403/02/12" and rows[0]["Due date (Gregorian)"] == "2024-05-01"
    assert rows[0]["Overdue"] == "yes"
    rows = _csv(client.get(f"/en{BASE}/commitments/", {"format": "csv", "owner": "joint"}))
    assert [row["Number"] for row in rows] == ["J1"] and rows[0]["Owed by"] == "Joint"
    (b2,) = _csv(client.get(f"/en{BASE}/commitments/", {"format": "csv", "q": "B2"}))
    assert b2["Progress, reported (percent)"] == "60" and b2["Status"] == "In progress"
    assert b2["Progress, verified (percent)"] == "0"


def test_evaluations_export_keeps_the_rating_beside_the_reported_status(client, agreement, monitor, log, evaluate):
    log("B1", status="at_risk")
    evaluate(Commitment.objects.get(number="B1"), 1403, 3, "weak", "کند پیش می‌رود")
    evaluate(Commitment.objects.get(number="B2"), 1403, 2, "fully_met")
    client.force_login(monitor)
    rows = _csv(client.get(f"/en{BASE}/evaluations/", {"format": "csv", "quarter": "1403-Q3"}))
    assert len(rows) == 1
    assert rows[0]["Monitor's rating"] == "Weak" and rows[0]["Status reported by the party"] == "At risk"
    assert rows[0]["Quarter"] == "Q3 1403 (Mehr–Azar)" and rows[0]["Assessment"] == "کند پیش می‌رود"
    assert len(_csv(client.get(f"/en{BASE}/evaluations/", {"format": "csv"}))) == 2


@pytest.mark.parametrize("params", [{"format": "pdf"}, {"format": "csv", "quarter": "1403-Q9"}])
def test_bad_export_parameters_are_refused_with_a_message(client, agreement, monitor, params):
    client.force_login(monitor)
    response = client.get(f"{BASE}/evaluations/", params)
    assert response.status_code == 400 and response.content


def test_every_column_has_its_own_key_and_a_header_in_both_languages():
    for columns in (COMMITMENT_COLUMNS, ENTRY_COLUMNS, EVALUATION_COLUMNS):
        keys = [column.key for column in columns]
        assert len(set(keys)) == len(keys)
        for language in ("fa", "en"):
            with translation.override(language):
                headers = [str(column.header) for column in columns]
            assert len(set(headers)) == len(headers)


@pytest.mark.parametrize("what", ["entries", "commitments"])
def test_an_export_runs_the_same_queries_for_ten_or_six_hundred_rows(client, agreement, monitor, many_entries, what):
    client.force_login(monitor)
    # More than the rows read before answering (FIRST_ROWS), so that the rest comes from the cursor both times.
    many_entries(exports.FIRST_ROWS + 10)

    def count():
        with CaptureQueriesContext(connection) as queries:
            b"".join(client.get(f"{BASE}/{what}/", {"format": "csv"}).streaming_content)
        return len(queries)

    small = count()
    many_entries(600)
    assert count() == small


@pytest.mark.parametrize("format_", ["csv", "xlsx"])
def test_an_export_starts_before_it_has_read_every_row(client, agreement, monitor, many_entries, format_):
    """The first bytes leave after the first rows are read; the rest of a big list follows from a cursor
    (an XLSX used to be built whole before its first byte, seconds for 20,000 entries)."""
    client.force_login(monitor)
    many_entries(exports.FIRST_ROWS * 3)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"{BASE}/entries/", {"format": format_})
        chunks = iter(response.streaming_content)
        first = next(chunks)
        at_first_byte = len(queries)
        rest = b"".join(chunks)
    assert len(queries) > at_first_byte  # the rest of the rows were read after the first byte
    if format_ == "xlsx":
        sheet, headers, rows = _xlsx_bytes(first + rest)
        assert len(rows) == ProgressEntry.objects.count() and sheet.freeze_panes == "A2"


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize("language", ["fa", "en"])
def test_an_xlsx_export_has_sized_columns_a_bold_frozen_header_and_a_filter(client, agreement, monitor, log, language):
    entry = log("B5", happened_on=dt.date(2024, 3, 20))
    ProgressEntry.objects.filter(pk=entry.pk).update(narrative="گزارش " * 40)
    log("B9", happened_on=dt.date(2024, 4, 2))
    client.force_login(monitor)
    prefix = "" if language == "fa" else "/en"
    sheet, headers, rows = _xlsx(client.get(f"{prefix}{BASE}/entries/", {"format": "xlsx"}))
    assert sheet.freeze_panes == "A2"
    assert all(cell.font.b for cell in sheet[1]) and not any(cell.font.b for cell in sheet[2])
    last = sheet.cell(row=1, column=len(headers)).column_letter
    assert sheet.auto_filter.ref == f"A1:{last}{len(rows) + 1}"
    widths = {
        column.key: sheet.column_dimensions[sheet.cell(row=1, column=i + 1).column_letter].width
        for i, column in enumerate(ENTRY_COLUMNS)
    }
    assert all(8 <= width <= 60 for width in widths.values()), widths
    assert widths["narrative"] == 60  # a long narrative stops at the widest column
    assert widths["happened_on_gregorian"] >= 12  # a date is never shown as ####
    for index, header in enumerate(headers):  # every header fits with its filter button
        assert sheet.column_dimensions[sheet.cell(row=1, column=index + 1).column_letter].width >= min(
            len(header) + 3, 60
        )
