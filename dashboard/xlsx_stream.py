"""An XLSX workbook of one sheet written as a stream: the first bytes leave before the last row is read.

openpyxl's write-only workbook still builds the whole file before anything can be sent, so a
download of 20,000 entries waited seconds for its first byte. Here the package is written by
`zipfile` to a sink that hands its bytes on as they come (a ZIP written to a stream carries each
member's sizes after its data), the sheet row by row with inline strings, so memory and the time
to the first byte do not depend on the number of rows.

Only what the exports need: text (always a string, never a formula), numbers, dates and times
as real date cells, a bold frozen header row with a filter on it, column widths that fit what
the first rows hold, and a right-to-left sheet.
"""

import datetime as dt
import io
import itertools
import zipfile
from collections.abc import Iterable, Iterator
from decimal import Decimal
from xml.sax.saxutils import escape, quoteattr

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.utils import get_column_letter

ROWS_PER_CHUNK = 200
EXCEL_EPOCH = dt.datetime(1899, 12, 30)
DATE_STYLE, DATETIME_STYLE, HEADER_STYLE = 1, 2, 3  # indexes into cellXfs below
# Column widths (in characters) are read from the header and the first rows, since <cols> comes
# before the rows in the sheet; a long narrative wraps at the widest column rather than run on.
MIN_WIDTH, MAX_WIDTH = 8, 60
DATE_WIDTH, DATETIME_WIDTH = 12, 17
WIDTH_SAMPLE = 100  # rows read for the widths before the first byte (the exports have read them already)
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
    '<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font>'
    '<font><b/><sz val="11"/><name val="Calibri"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill>'
    "</fills>"
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="4"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs>'
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


def _sheet_name(title: str) -> str:
    # A sheet name may not hold []:*?/\ and has at most 31 characters.
    return "".join(" " if char in "[]:*?/\\" else char for char in title)[:31] or "Sheet1"


def _workbook(title: str, filter_range: str) -> str:
    # Excel keeps a sheet's filter range as this hidden name too (it repairs a file without it).
    name = _sheet_name(title)
    quoted = "'" + name.replace("'", "''") + "'"
    return (
        HEAD + f'<workbook xmlns="{MAIN}" xmlns:r="{RELATIONSHIPS}">'
        f'<sheets><sheet name={quoteattr(name)} sheetId="1" r:id="rId1"/></sheets>'
        f'<definedNames><definedName name="_xlnm._FilterDatabase" localSheetId="0" hidden="1">'
        f"{escape(quoted)}!{filter_range}</definedName></definedNames></workbook>"
    )


def _width(value) -> int:
    if value is None:
        return 0
    if isinstance(value, dt.datetime):
        return DATETIME_WIDTH
    if isinstance(value, dt.date):
        return DATE_WIDTH
    return max((len(line) for line in str(value).splitlines()), default=0)


def _widths(header: list[str], rows: list[list]) -> list[int]:
    """Characters per column: the widest of the header (+3 for the filter's button) and the rows."""
    widths = []
    for index, title in enumerate(header):
        cells = (_width(row[index]) for row in rows if index < len(row))
        widths.append(min(MAX_WIDTH, max(MIN_WIDTH, len(title) + 3, *cells, 0) + 1))
    return widths


def _sheet_start(right_to_left: bool, widths: list[int]) -> str:
    direction = ' rightToLeft="1"' if right_to_left else ""
    columns = "".join(
        f'<col min="{index}" max="{index}" width="{width}" customWidth="1"/>'
        for index, width in enumerate(widths, start=1)
    )
    return (
        HEAD + f'<worksheet xmlns="{MAIN}"><sheetViews><sheetView workbookViewId="0"{direction}>'
        '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>'
        '<selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView></sheetViews>'
        f"<cols>{columns}</cols><sheetData>"
    )


def _serial(value: dt.date) -> str:
    """Excel's day number (days since 1899-12-30, the time of day as a fraction)."""
    if isinstance(value, dt.datetime):
        delta = value.replace(tzinfo=None) - EXCEL_EPOCH
        return repr(delta.days + delta.seconds / 86400)
    return str((value - EXCEL_EPOCH.date()).days)


def _cell(reference: str, value, style: int = 0) -> str:
    if style:  # the header: text in bold
        text = escape(ILLEGAL_CHARACTERS_RE.sub("", str(value)))
        return f'<c r="{reference}" s="{style}" t="inlineStr"><is><t xml:space="preserve">{text}</t></is></c>'
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
    """The bytes of a one-sheet workbook: the header row bold, frozen and filtered, then `rows`
    (lists of cell values). Widths are measured on the first WIDTH_SAMPLE rows only."""
    sink = _Sink()
    rows = iter(rows)
    first = list(itertools.islice(rows, WIDTH_SAMPLE))
    with zipfile.ZipFile(sink, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=5) as package:
        package.writestr("[Content_Types].xml", CONTENT_TYPES)
        package.writestr("_rels/.rels", ROOT_RELS)
        package.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        package.writestr("xl/styles.xml", STYLES)
        yield sink.take()
        letters = [get_column_letter(index + 1) for index in range(len(header))]
        number = 1
        with package.open("xl/worksheets/sheet1.xml", "w") as sheet:
            sheet.write(_sheet_start(right_to_left, _widths(header, first)).encode())
            cells = "".join(_cell(f"{col}1", title, HEADER_STYLE) for col, title in zip(letters, header, strict=True))
            sheet.write(f'<row r="1">{cells}</row>'.encode())
            for number, values in enumerate(itertools.chain(first, rows), start=2):
                cells = "".join(_cell(f"{col}{number}", value) for col, value in zip(letters, values, strict=False))
                sheet.write(f'<row r="{number}">{cells}</row>'.encode())
                if number % ROWS_PER_CHUNK == 0:
                    yield sink.take()
            last = letters[-1] if letters else "A"
            filter_range = f"A1:{last}{number}"
            sheet.write(f'</sheetData><autoFilter ref="{filter_range}"/></worksheet>'.encode())
        # The workbook part names the filter's range, known once the last row is written.
        absolute = f"$A$1:${last}${number}"
        package.writestr("xl/workbook.xml", _workbook(title, absolute))
    yield sink.take()
