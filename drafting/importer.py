"""Commitments read from a spreadsheet in the commitments export's own format (dashboard.exports).

The columns are the export's (`COMMITMENT_COLUMNS`), found by their header in either language or by
their key, so a file exported in Persian and one exported in English both come back. The columns
the export computes (status, progress, flags, last entry) are read and ignored: the entries decide
them. A file is read whole and checked before anything is stored: the preview names every error by
its row (as the spreadsheet program numbers it, the header being row 1) and its column (letter and
header, in the reader's language). Applying stores every row or none, in one transaction, and a
file (named by its SHA-256) is applied once.

Files: CSV in UTF-8 (with or without a byte-order mark), UTF-16 (with its mark) or Windows-1256,
separated by commas, semicolons or tabs; or XLSX (the first sheet). Cells are read however they
were typed: dates in either calendar in either date column and in any digits, numbers in any
digits and separators (agreement.numbers), Arabic ي/ك as Persian ی/ک, a ZWNJ kept as typed.
"""

import codecs
import csv
import datetime as dt
import hashlib
import io
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any
from xml.etree import ElementTree

from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import load_workbook
from openpyxl.utils import column_index_from_string, get_column_letter
from openpyxl.utils.datetime import from_excel, from_ISO8601
from openpyxl.worksheet._reader import _cast_number
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from agreement.formatting import list_separator
from agreement.jalali import DateInputError, parse_gregorian, parse_jalali
from agreement.models import Agreement
from agreement.numbers import NumberInputError, parse_number, strip_bidi_marks
from agreement.persian import clean_persian_input, readers_digits, reading_persian, search_key, to_latin_digits
from dashboard.exports import COMMITMENT_COLUMNS, FORMULA_STARTS
from drafting.models import CommitmentImport
from obligations.models import Category, Commitment
from obligations.progress import IndicatorKind

# The columns read back; every other export column is computed from the entries and ignored.
IMPORTED = (
    "number",
    "owner",
    "text_fa",
    "text_en",
    "category",
    "due_on_jalali",
    "due_on_gregorian",
    "indicator_unit",
    "indicator_baseline",
    "indicator_target",
    "indicator_kind",
)
REQUIRED = ("number", "owner", "text_fa")
EXPORT_KEYS = [column.key for column in COMMITMENT_COLUMNS]
MAX_ROWS = 20_000
MAX_BYTES = 20 * 1024 * 1024
# A Gregorian year is four digits above this; a Jalali one below (1300 to 1499 are accepted).
GREGORIAN_FROM_YEAR = 1700
BATCH = 1000
JOINT = gettext_lazy("Joint")  # the export's owner of a joint commitment (dashboard.exports.owner_name)


class FileError(ValueError):
    """The file as a whole cannot be read (not a spreadsheet, empty, too big); a translated message."""


class ImportRefused(Exception):
    """Applying was refused: the file has errors, or the agreement is no longer a draft."""

    def __init__(self, message: str, preview: "Preview | None" = None):
        super().__init__(message)
        self.preview = preview


@dataclass(frozen=True)
class CellError:
    row: int  # as the spreadsheet program numbers it: the header is row 1
    column: str  # the column's letter ("" for an error of the whole row)
    header: str  # the column's header in the reader's language ("" for the whole row)
    message: str

    def __str__(self) -> str:
        where = _("Row %(row)s") % {"row": readers_digits(self.row)}
        if self.column:
            where = _("Row %(row)s, column %(column)s («%(header)s»)") % {
                "row": readers_digits(self.row),
                "column": self.column,
                "header": self.header,
            }
        return f"{where}: {self.message}"


@dataclass
class RowChange:
    row: int
    number: str
    owner_id: int | None
    values: dict[str, Any]
    existing: Commitment | None = None
    changed: list[str] = field(default_factory=list)

    @property
    def changed_labels(self) -> list[str]:
        """The changed columns' headers in the reader's language."""
        headers = {column.key: column.header for column in COMMITMENT_COLUMNS}
        return [str(headers.get(name) or _("Due date")) for name in self.changed]

    @property
    def action(self) -> str:
        if self.existing is None:
            return "add"
        return "change" if self.changed else "same"


@dataclass
class Preview:
    rows: int = 0
    errors: list[CellError] = field(default_factory=list)
    changes: list[RowChange] = field(default_factory=list)

    @property
    def added(self) -> list[RowChange]:
        return [c for c in self.changes if c.action == "add"]

    @property
    def changed(self) -> list[RowChange]:
        return [c for c in self.changes if c.action == "change"]

    @property
    def unchanged(self) -> int:
        return sum(1 for c in self.changes if c.action == "same")

    @property
    def nothing_to_change(self) -> bool:
        return not self.errors and not self.added and not self.changed

    def summary(self) -> list[tuple[int, str, str, list[str]]]:
        """What the preview page lists, comparable across files: (row, action, number, fields)."""
        return [(c.row, c.action, c.number, c.changed) for c in self.changes]


def sha256_of(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


# Reading the file into rows of cells.


def _decode(content: bytes) -> str:
    if content.startswith(codecs.BOM_UTF8):
        return content[len(codecs.BOM_UTF8) :].decode("utf-8")
    if content.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return content.decode("utf-16")
    try:
        return content.decode("utf-8")
    except UnicodeDecodeError:
        # Excel's "CSV" on a Persian Windows: every byte is a character there, so this cannot fail.
        return content.decode("cp1256")


def _csv_rows(content: bytes) -> list[list[Any]]:
    text = _decode(content)
    first_line = text.split("\n", 1)[0]
    delimiter = max(",;\t", key=first_line.count)
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))


_SHEET = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_ROW, _CELL, _VALUE, _INLINE = f"{_SHEET}row", f"{_SHEET}c", f"{_SHEET}v", f"{_SHEET}is"
_PLAIN, _RUN_TEXT = f"{_SHEET}t", f"{_SHEET}r/{_SHEET}t"


def _inline_text(element) -> str:
    """An inline string's text without its formatting (and without phonetic hints), as openpyxl's Text.content."""
    if len(element) == 1 and element[0].tag == _PLAIN:  # the common case, without a path search
        return element[0].text or ""
    plain = element.findtext(_PLAIN)
    return (plain or "") + "".join(run.text or "" for run in element.iterfind(_RUN_TEXT))


def _sheet_rows(source, workbook) -> list[list[Any]]:
    """The first sheet's cell values row by row, numbered as the spreadsheet numbers them (gaps kept empty).

    openpyxl's own read-only reader builds an object per inline string (the export writes every text
    that way) through its descriptor machinery: two thirds of a 10,000-row preview went there. This
    reads the same XML with ElementTree's iterparse and casts the values as that reader does (shared
    strings and the date styles come from the workbook openpyxl opened)."""
    shared, date_styles, epoch = workbook.shared_strings, workbook._date_formats, workbook.epoch
    rows: list[list[Any]] = []
    positions: dict[str, int] = {}
    for _event, element in ElementTree.iterparse(source):
        if element.tag != _ROW:
            continue
        number = int(element.get("r") or len(rows) + 1)
        while len(rows) < number - 1:
            rows.append([])
        cells: list[Any] = []
        for cell in element:
            if cell.tag != _CELL:
                continue
            reference = cell.get("r")
            if reference:
                letters = reference.rstrip("0123456789")
                position = positions.get(letters) or positions.setdefault(letters, column_index_from_string(letters))
                cells.extend([None] * (position - 1 - len(cells)))
            kind = cell.get("t", "n")
            value: Any
            if kind == "inlineStr":
                inline = cell.find(_INLINE)
                value = None if inline is None else _inline_text(inline)
            else:
                value = cell.findtext(_VALUE) or None
                if value is None:
                    pass
                elif kind == "n":
                    value = _cast_number(value)
                    if int(cell.get("s", 0) or 0) in date_styles:
                        try:
                            value = from_excel(value, epoch)
                        except (OverflowError, ValueError):
                            value = "#VALUE!"
                elif kind == "s":
                    value = shared[int(value)]
                elif kind == "b":
                    value = bool(int(value))
                elif kind == "d":
                    value = from_ISO8601(value)
            cells.append(value)
        rows.append(cells)
        element.clear()
    return rows


def _xlsx_rows(content: bytes) -> list[list[Any]]:
    unreadable = FileError(_("This file could not be read as an XLSX workbook."))
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError):
        raise unreadable from None
    try:
        with workbook.worksheets[0]._get_source() as source:
            return _sheet_rows(source, workbook)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, IndexError, ElementTree.ParseError):
        raise unreadable from None
    finally:
        workbook.close()


def read_rows(content: bytes) -> list[list[Any]]:
    """The file's rows of cells, header first, with the empty rows at the end dropped."""
    if not content:
        raise FileError(_("The file is empty."))
    if len(content) > MAX_BYTES:
        raise FileError(_("The file is larger than 20 MB; split it into several files."))
    rows = _xlsx_rows(content) if content.startswith(b"PK\x03\x04") else _csv_rows(content)
    while rows and all(_blank(cell) for cell in rows[-1]):
        rows.pop()
    if not rows:
        raise FileError(_("The file is empty."))
    if len(rows) - 1 > MAX_ROWS:
        raise FileError(
            _("The file has more than %(count)s rows; split it into several files.")
            % {"count": readers_digits(f"{MAX_ROWS:,}")}
        )
    return rows


def _blank(cell) -> bool:
    return cell is None or (isinstance(cell, str) and not cell.strip())


def _text(cell) -> str:
    """A text cell as a form stores it; a CSV cell the export guarded with an apostrophe comes back unguarded."""
    if cell is None:
        return ""
    text = cell if isinstance(cell, str) else str(cell)
    text = text.lstrip("\ufeff")
    if text.startswith("'") and text[1:].startswith(FORMULA_STARTS):
        text = text[1:]
    return clean_persian_input(text)


# The vocabularies a cell is matched against, in both languages.


def _in_both_languages(label) -> list[str]:
    names = []
    for language in ("fa", "en"):
        with translation.override(language):
            names.append(str(label))
    return names


def _vocabulary(choices) -> dict[str, str]:
    words: dict[str, str] = {}
    for value, label in choices:
        for name in (value, *_in_both_languages(label)):
            words[search_key(name)] = value
    return words


def _header_keys() -> dict[str, str]:
    keys: dict[str, str] = {}
    for column in COMMITMENT_COLUMNS:
        for name in (column.key, *_in_both_languages(column.header)):
            keys[search_key(name)] = column.key
    return keys


def _owner_vocabulary(agreement: Agreement) -> tuple[dict[str, int | None], list[str]]:
    words: dict[str, int | None] = {}
    shown = []
    for signatory in agreement.signatories.all():
        party = signatory.party
        for name in (party.code, party.name_fa, party.name_en, party.short_name_fa, party.short_name_en):
            if name:
                words[search_key(name)] = party.pk
        shown.append(party.short_name)
    for name in ("joint", *_in_both_languages(JOINT)):
        words[search_key(name)] = None
    shown.append(_("Joint"))
    return words, shown


# One cell's value, or a translated message saying what was expected.


def read_date(cell) -> dt.date | None:
    """A date in either calendar (a Gregorian year has four digits above 1700), in any digits."""
    if isinstance(cell, dt.datetime):
        return cell.date()
    if isinstance(cell, dt.date):
        return cell
    text = strip_bidi_marks(_text(cell))
    if not text:
        return None
    text = text.split(" ")[0]  # a time after the date (a Gregorian cell from a spreadsheet) is not read
    digits = to_latin_digits(text)
    year = int(digits[:4]) if digits[:4].isdigit() else 0
    return parse_gregorian(text) if year >= GREGORIAN_FROM_YEAR else parse_jalali(text)


def read_decimal(cell) -> Decimal | None:
    if cell is None or isinstance(cell, bool):
        if cell is None:
            return None
        raise NumberInputError(_("Enter a number."))
    if isinstance(cell, int | float | Decimal):
        value = Decimal(str(cell))
    else:
        text = _text(cell)
        if not text:
            return None
        value = parse_number(text)
    try:
        quantized = value.quantize(Decimal("0.01"))
    except InvalidOperation:
        raise NumberInputError(_("This number is too large.")) from None
    if quantized != value:
        raise NumberInputError(_("At most two digits after the decimal point."))
    if abs(quantized) >= Decimal("1e10"):
        raise NumberInputError(_("This number is too large."))
    return quantized


class _Reader:
    """Reads the rows of one file against one agreement's parties and commitments."""

    def __init__(self, agreement: Agreement):
        self.agreement = agreement
        self.owners, self.owner_names = _owner_vocabulary(agreement)
        self.categories = _vocabulary([("", ""), *Category.choices])
        self.kinds = _vocabulary(IndicatorKind.choices)
        self.existing = {
            (c.owner_id, search_key(c.number)): c for c in Commitment.objects.filter(agreement=agreement).order_by()
        }
        self.unit_field = "indicator_unit_fa" if reading_persian() else "indicator_unit_en"

    def read(self, rows: list[list[Any]]) -> Preview:
        preview = Preview(rows=len(rows) - 1)
        columns = self._columns(rows[0], preview)
        if preview.errors:
            return preview
        seen: dict[tuple[int | None, str], int] = {}
        for index, cells in enumerate(rows[1:], start=2):
            if all(_blank(cell) for cell in cells):
                continue
            change = self._row(index, cells, columns, preview)
            if change is None:
                continue
            key = (change.owner_id, search_key(change.number))
            if key in seen:
                letter, header = columns["number"]
                preview.errors.append(
                    CellError(
                        index,
                        letter,
                        header,
                        _("The same commitment as row %(row)s: each commitment once.")
                        % {"row": readers_digits(seen[key])},
                    )
                )
                continue
            seen[key] = index
            self._compare(change)
            preview.changes.append(change)
        if preview.errors:
            preview.changes = []
        return preview

    def _columns(self, header: list[Any], preview: Preview) -> dict[str, tuple[str, str]]:
        """Each key's (letter, header as written in the file)."""
        known = _header_keys()
        columns: dict[str, tuple[str, str]] = {}
        for position, cell in enumerate(header, start=1):
            name = _text(cell)
            if not name:
                continue
            letter = get_column_letter(position)
            key = known.get(search_key(name))
            if key is None:
                preview.errors.append(CellError(1, letter, name, _("This is not a column of the commitments export.")))
            elif key in columns:
                preview.errors.append(CellError(1, letter, name, _("This column appears twice.")))
            else:
                columns[key] = (letter, name)
        for key in REQUIRED:
            if key not in columns:
                header_text = str(next(c.header for c in COMMITMENT_COLUMNS if c.key == key))
                preview.errors.append(
                    CellError(1, "", "", _("The column «%(header)s» is missing.") % {"header": header_text})
                )
        return columns

    def _row(self, index: int, cells: list[Any], columns, preview: Preview) -> RowChange | None:
        values: dict[str, Any] = {}
        errors_before = len(preview.errors)

        def cell(key):
            position = column_index_from_string(columns[key][0])
            return cells[position - 1] if position <= len(cells) else None

        def fail(key, message):
            letter, header = columns[key]
            preview.errors.append(CellError(index, letter, header, message))

        number = _text(cell("number"))
        if not number:
            fail("number", _("Every commitment needs a number."))
        elif len(number) > 16:
            fail("number", _("A number has at most 16 characters."))
        owner_text = _text(cell("owner"))
        owner_id = self.owners.get(search_key(owner_text), -1) if owner_text else -1
        if owner_id == -1:
            fail("owner", _("Write one of: %(choices)s.") % {"choices": list_separator().join(self.owner_names)})
        text_fa = _text(cell("text_fa"))
        if not text_fa:
            fail("text_fa", _("Every commitment needs its Persian text."))
        values["text_fa"] = text_fa
        if "text_en" in columns:
            values["text_en"] = _text(cell("text_en"))
        if "category" in columns:
            category = self.categories.get(search_key(_text(cell("category"))))
            if category is None:
                fail("category", _("Write one of the categories of the export, or leave it empty."))
            values["category"] = category or ""
        if "indicator_kind" in columns:
            text = _text(cell("indicator_kind"))
            kind = self.kinds.get(search_key(text)) if text else IndicatorKind.CUMULATIVE
            if kind is None:
                fail("indicator_kind", _("Write one of the kinds of indicator of the export."))
            values["indicator_kind"] = kind
        if "indicator_unit" in columns:
            unit = _text(cell("indicator_unit"))
            if len(unit) > 100:
                fail("indicator_unit", _("A unit has at most 100 characters."))
            values["indicator_unit"] = unit
        for key, lowest in (("indicator_baseline", 0), ("indicator_target", None)):
            if key not in columns:
                continue
            try:
                value = read_decimal(cell(key))
            except NumberInputError as error:
                fail(key, str(error))
                continue
            if value is not None and lowest == 0 and value < 0:
                fail(key, _("The baseline cannot be negative."))
            if value is not None and lowest is None and value <= 0:
                fail(key, _("The target must be more than zero."))
            values[key] = value
        dates = {}
        for key in ("due_on_jalali", "due_on_gregorian"):
            if key in columns:
                try:
                    dates[key] = read_date(cell(key))
                except DateInputError as error:
                    fail(key, str(error))
        given = {key: value for key, value in dates.items() if value is not None}
        if len(given) == 2 and given["due_on_jalali"] != given["due_on_gregorian"]:
            fail(
                "due_on_jalali",
                _("This date is not the one in column %(column)s; change both, or empty one of them.")
                % {"column": columns["due_on_gregorian"][0]},
            )
        if dates:
            values["due_on"] = next(iter(given.values()), None)
        if len(preview.errors) > errors_before:
            return None
        return RowChange(row=index, number=number, owner_id=owner_id, values=values)

    def _compare(self, change: RowChange) -> None:
        existing = self.existing.get((change.owner_id, search_key(change.number)))
        change.existing = existing
        if existing is None:
            return
        for name, value in change.values.items():
            current = existing.indicator_unit if name == "indicator_unit" else getattr(existing, name)
            if name.startswith("text_"):
                current = clean_persian_input(current)
            if current != value:
                change.changed.append(name)


def preview_file(agreement: Agreement, content: bytes) -> Preview:
    """Every row of the file checked against the agreement, nothing stored."""
    return _Reader(agreement).read(read_rows(content))


def _fields(values: dict[str, Any], unit_field: str) -> dict[str, Any]:
    return {(unit_field if name == "indicator_unit" else name): value for name, value in values.items()}


def upload_file(*, agreement: Agreement, content: bytes, filename: str, user) -> CommitmentImport:
    """The file kept for its preview and its applying; the same bytes again are the same row."""
    upload, _created = CommitmentImport.objects.get_or_create(
        agreement=agreement,
        sha256=sha256_of(content),
        defaults={"filename": filename[:255], "content": content, "uploaded_by": user},
    )
    return upload


def apply_import(*, upload: CommitmentImport, user) -> CommitmentImport:
    """Store every row of a checked file into its draft agreement, or nothing.

    In one transaction: the agreement's version first (the house's lock order), then the upload's
    row, so two people applying the same file take turns and the second finds it applied. The file
    is checked again under the lock, against the commitments as they are now.
    """
    with transaction.atomic():
        Agreement.objects.figures_changed(upload.agreement_id)
        upload = CommitmentImport.objects.select_related("agreement").select_for_update(of=("self",)).get(pk=upload.pk)
        if upload.is_applied:
            return upload
        agreement = upload.agreement
        if agreement.status != Agreement.Status.DRAFT:
            raise ImportRefused(_("Commitments are imported into a draft agreement only."))
        reader = _Reader(agreement)
        preview = reader.read(read_rows(bytes(upload.content)))
        if preview.errors:
            raise ImportRefused(_("The file has errors; nothing was stored."), preview)
        next_position = max((c.position for c in reader.existing.values()), default=0) + 1
        added = []
        for offset, change in enumerate(preview.added):
            fields = _fields(change.values, reader.unit_field)
            added.append(
                Commitment(
                    agreement=agreement,
                    owner_id=change.owner_id,
                    number=change.number,
                    position=next_position + offset,
                    **fields,
                )
            )
        bulk_create_with_history(added, Commitment, batch_size=BATCH, default_user=user)
        changed, names = [], set()
        for change in preview.changed:
            assert change.existing is not None
            for name in change.changed:
                field_name = reader.unit_field if name == "indicator_unit" else name
                setattr(change.existing, field_name, change.values[name])
                names.add(field_name)
            changed.append(change.existing)
        if changed:
            bulk_update_with_history(changed, Commitment, sorted(names), batch_size=BATCH, default_user=user)
        upload.applied_at = timezone.now()
        upload.applied_by = user
        upload.created, upload.updated = len(added), len(changed)
        upload.save(update_fields=["applied_at", "applied_by", "created", "updated"])
    return upload
