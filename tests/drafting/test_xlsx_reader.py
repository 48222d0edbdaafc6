"""The importer's own XLSX sheet reader gives the values openpyxl's read-only reader gives."""

import datetime as dt
import io

from openpyxl import Workbook, load_workbook

from drafting.importer import read_rows


def _openpyxl_rows(content: bytes) -> list[list]:
    book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    try:
        rows = [list(row) for row in book.worksheets[0].iter_rows(values_only=True)]
    finally:
        book.close()
    for row in rows:  # the importer keeps a row as long as its last cell
        while row and row[-1] is None:
            row.pop()
    return rows


def test_dates_numbers_booleans_gaps_and_rich_text_read_as_openpyxl_reads_them():
    book = Workbook()
    sheet = book.active
    sheet.append(["شماره", "متعهد", "سررسید"])
    sheet["A3"] = dt.date(2025, 9, 22)
    sheet["C3"] = 3.5
    sheet["B5"] = True
    sheet["D5"] = "متن با\u200cنیم‌فاصله"
    sheet["A6"] = dt.datetime(2025, 2, 3, 4, 5)
    sheet["B6"] = "=1+1"  # a formula with no cached value reads as empty
    sheet["C6"] = 12
    out = io.BytesIO()
    book.save(out)
    content = out.getvalue()
    rows = read_rows(content)
    assert rows == _openpyxl_rows(content)
    assert rows[2][0] == dt.datetime(2025, 9, 22) and rows[4] == [None, True, None, "متن با\u200cنیم‌فاصله"]
    assert rows[1] == [] and rows[5] == [dt.datetime(2025, 2, 3, 4, 5), None, 12]
