"""An XLSX workbook of one sheet written as a stream: the first bytes leave before the last row is read.

openpyxl's write-only workbook still builds the whole file before anything can be sent, so a
download of 20,000 entries waited seconds for its first byte. Here the package is written by
`zipfile` to a sink that hands its bytes on as they come (a ZIP written to a stream carries each
member's sizes after its data), the sheet row by row with inline strings, so memory and the time
to the first byte do not depend on the number of rows.

Only what the exports need: text (always a string, never a formula), numbers, dates and times
as real date cells, a frozen header row and a right-to-left sheet.
"""

import datetime as dt
import io
import zipfile
from collections.abc import Iterable, Iterator
from decimal import Decimal
from xml.sax.saxutils import escape, quoteattr

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.utils import get_column_letter

ROWS_PER_CHUNK = 200
EXCEL_EPOCH = dt.datetime(1899, 12, 30)
DATE_STYLE, DATETIME_STYLE = 1, 2  # indexes into cellXfs below
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELATIONSHIPS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE_RELATIONSHIPS = "http://schemas.openxmlformats.org/package/2006/relationships"
HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'

CONTENT_TYPES = (
    HEAD + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/styles.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
    "</Types>"
)
ROOT_RELS = (
    HEAD + f'<Relationships xmlns="{PACKAGE_RELATIONSHIPS}">'
    f'<Relationship Id="rId1" Type="{RELATIONSHIPS}/officeDocument" Target="xl/workbook.xml"/>'
    "</Relationships>"
)
WORKBOOK_RELS = (
    HEAD + f'<Relationships xmlns="{PACKAGE_RELATIONSHIPS}">'
    f'<Relationship Id="rId1" Type="{RELATIONSHIPS}/worksheet" Target="worksheets/sheet1.xml"/>'
    f'<Relationship Id="rId2" Type="{RELATIONSHIPS}/styles" Target="styles.xml"/>'
    "</Relationships>"
)
STYLES = (
    HEAD + f'<styleSheet xmlns="{MAIN}">'
    '<numFmts count="2"><numFmt numFmtId="164" formatCode="yyyy-mm-dd"/>'
    '<numFmt numFmtId="165" formatCode="yyyy-mm-dd hh:mm"/></numFmts>'
    '<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill>'
    "</fills>"
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>'
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    "</styleSheet>"
)


class _Sink(io.RawIOBase):
    """A file that keeps what is written until it is taken; not seekable, so zipfile streams."""

    def __init__(self):
        self._parts = []

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:
        self._parts.append(bytes(data))
        return len(data)

    def take(self) -> bytes:
        data = b"".join(self._parts)
        self._parts.clear()
        return data


def _workbook(title: str) -> str:
    # A sheet name may not hold []:*?/\ and has at most 31 characters.
    name = "".join(" " if char in "[]:*?/\\" else char for char in title)[:31] or "Sheet1"
    return (
        HEAD + f'<workbook xmlns="{MAIN}" xmlns:r="{RELATIONSHIPS}">'
        f'<sheets><sheet name={quoteattr(name)} sheetId="1" r:id="rId1"/></sheets></workbook>'
    )


def _sheet_start(right_to_left: bool) -> str:
    direction = ' rightToLeft="1"' if right_to_left else ""
    return (
        HEAD + f'<worksheet xmlns="{MAIN}"><sheetViews><sheetView workbookViewId="0"{direction}>'
        '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>'
        '<selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView></sheetViews><sheetData>'
    )


def _serial(value: dt.date) -> str:
    """Excel's day number (days since 1899-12-30, the time of day as a fraction)."""
    if isinstance(value, dt.datetime):
        delta = value.replace(tzinfo=None) - EXCEL_EPOCH
        return repr(delta.days + delta.seconds / 86400)
    return str((value - EXCEL_EPOCH.date()).days)


def _cell(reference: str, value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return f'<c r="{reference}" t="b"><v>{int(value)}</v></c>'
    if isinstance(value, int | float | Decimal):
        return f'<c r="{reference}"><v>{value}</v></c>'
    if isinstance(value, dt.datetime):
        return f'<c r="{reference}" s="{DATETIME_STYLE}"><v>{_serial(value)}</v></c>'
    if isinstance(value, dt.date):
        return f'<c r="{reference}" s="{DATE_STYLE}"><v>{_serial(value)}</v></c>'
    # Inline text: shown as typed, never read as a formula; minus what XML 1.0 cannot hold.
    text = escape(ILLEGAL_CHARACTERS_RE.sub("", str(value)))
    return f'<c r="{reference}" t="inlineStr"><is><t xml:space="preserve">{text}</t></is></c>'


def stream_xlsx(header: list[str], rows: Iterable[list], *, title: str, right_to_left: bool) -> Iterator[bytes]:
    """The bytes of a one-sheet workbook: the header row frozen, then `rows` (lists of cell values)."""
    sink = _Sink()
    with zipfile.ZipFile(sink, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=5) as package:
        package.writestr("[Content_Types].xml", CONTENT_TYPES)
        package.writestr("_rels/.rels", ROOT_RELS)
        package.writestr("xl/workbook.xml", _workbook(title))
        package.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        package.writestr("xl/styles.xml", STYLES)
        yield sink.take()
        letters = [get_column_letter(index + 1) for index in range(len(header))]
        with package.open("xl/worksheets/sheet1.xml", "w") as sheet:
            sheet.write(_sheet_start(right_to_left).encode())
            for number, values in enumerate(_with_header(header, rows), start=1):
                cells = "".join(_cell(f"{col}{number}", value) for col, value in zip(letters, values, strict=False))
                sheet.write(f'<row r="{number}">{cells}</row>'.encode())
                if number % ROWS_PER_CHUNK == 0:
                    yield sink.take()
            sheet.write(b"</sheetData></worksheet>")
    yield sink.take()


def _with_header(header, rows):
    yield header
    yield from rows
