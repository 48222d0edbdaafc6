"""The quarter's full entry lists, as CSV and XLSX files embedded in the report's PDF (PDF/A-3).

The printed body shows only counts and the newest few accepted entries; these files carry every
entry of the quarter in every state, from the snapshot alone (`quarter_entries`), so an issued
report still holds exactly the list it was made from. Columns follow the dashboard's exports:
dates twice (Jalali and Gregorian, Latin digits so spreadsheets sort them), labels in the
report's language.
"""

import csv
import datetime as dt
import io
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.utils import translation
from django.utils.translation import gettext as _

from agreement.jalali import format_jalali
from dashboard.exports import neutralise
from dashboard.xlsx_stream import stream_xlsx

CSV_TYPE = "text/csv"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class EmbeddedFile:
    name: str
    content: bytes
    content_type: str
    description: str


def _jalali(iso: str | None) -> str:
    if not iso:
        return ""
    value = dt.datetime.fromisoformat(iso) if "T" in iso else dt.date.fromisoformat(iso)
    return format_jalali(value, persian_digits=False)


def _columns() -> list[tuple[str, Callable]]:
    """(header, value) pairs; call with the report's language active."""
    return [
        (_("Entry"), lambda e: e["id"]),
        (_("Number"), lambda e: e["number"]),
        (_("Party"), lambda e: e["party"]),
        (_("Date of the work (Jalali)"), lambda e: _jalali(e["happened_on"])),
        (_("Date of the work (Gregorian)"), lambda e: e["happened_on"]),
        (_("Logged at (Jalali)"), lambda e: _jalali(e["logged_at"])),
        (_("Logged at (Gregorian)"), lambda e: e["logged_at"].replace("T", " ")[:16]),
        (_("Reported status"), lambda e: e["status"]),
        (_("Percent complete"), lambda e: e["percent"]),
        (_("Quantity"), lambda e: Decimal(e["quantity"]) if e["quantity"] is not None else None),
        (_("County"), lambda e: e["county"]),
        (_("Village"), lambda e: e["village"]),
        (_("What was done"), lambda e: e["narrative"]),
        (_("Review"), lambda e: e["state_label"]),
        (_("Reviewed at (Gregorian)"), lambda e: (e["reviewed_at"] or "").replace("T", " ")[:16]),
        (_("Monitor's comment"), lambda e: e["comment"]),
        (_("Withdrawn"), lambda e: _("yes") if e["withdrawn"] else _("no")),
    ]


def _csv_cell(value) -> str:
    """A cell no spreadsheet runs: text through the dashboard exports' own neutralise()."""
    if value is None:
        return ""
    return neutralise(value) if isinstance(value, str) else str(value)


def _csv(columns, entries) -> bytes:
    """UTF-8 with a byte-order mark, so that Excel opens Persian text correctly."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([header for header, _value in columns])
    for entry in entries:
        writer.writerow([_csv_cell(value(entry)) for _header, value in columns])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _xlsx(columns, entries, title: str) -> bytes:
    """The dashboard exports' workbook writer: every text an inline string, shown as typed and never
    calculated (openpyxl read a text starting with "=" as a formula); numbers stay numbers; a
    right-to-left sheet in Persian."""
    header = [header for header, _value in columns]
    rows = ([value(entry) for _header, value in columns] for entry in entries)
    return b"".join(stream_xlsx(header, rows, title=title[:31], right_to_left=translation.get_language_bidi()))


def file_stem(report: dict) -> str:
    return f"{report['agreement']['reference']}-{report['quarter']['code']}-entries"


def entry_files(report: dict) -> list[EmbeddedFile]:
    """The CSV and the XLSX of the quarter's entries, in the report's language."""
    entries = report.get("quarter_entries", [])
    with translation.override(report["language"]):
        columns = _columns()
        stem = file_stem(report)
        description = _("Every entry of the quarter, in every review state")
        return [
            EmbeddedFile(f"{stem}.csv", _csv(columns, entries), CSV_TYPE, f"{description} (CSV)"),
            EmbeddedFile(f"{stem}.xlsx", _xlsx(columns, entries, _("Entries")), XLSX_TYPE, f"{description} (XLSX)"),
        ]
