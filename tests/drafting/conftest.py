"""A draft agreement between the Qazvin parties, and spreadsheets in the commitments export's format."""

import csv
import datetime as dt
import io

import pytest
from django.utils import translation
from openpyxl import Workbook

from agreement.models import Agreement, Signatory
from dashboard.exports import COMMITMENT_COLUMNS

IMPORTED_KEYS = [
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
]


@pytest.fixture
def draft(rural, relief) -> Agreement:
    return make_draft(rural, relief)


def make_draft(rural, relief) -> Agreement:
    """A draft between rural affairs (A) and the relief committee (B, monitoring), with no commitment."""
    agreement = Agreement.objects.create(
        reference="qazvin-draft-1404",
        title_fa="تفاهم‌نامه پیش‌نویس",
        title_en="Draft memorandum",
        signed_on=dt.date(2025, 5, 1),
        status=Agreement.Status.DRAFT,
    )
    for label, party, monitoring in (("A", rural, False), ("B", relief, True)):
        Signatory.objects.create(
            agreement=agreement,
            party=party,
            label=label,
            signatory_name_fa="امضاکننده",
            signatory_name_en="Signatory",
            signatory_title_fa="مدیرکل",
            signatory_title_en="Director-General",
            is_monitoring_party=monitoring,
        )
    return agreement


def headers(language: str = "fa", keys=IMPORTED_KEYS) -> list[str]:
    by_key = {column.key: column.header for column in COMMITMENT_COLUMNS}
    with translation.override(language):
        return [str(by_key[key]) for key in keys]


def commitment_rows(count: int) -> list[list[str]]:
    """`count` commitments owed by rural affairs (C1, C2, ...), with Persian text, dates and indicators."""
    rows = []
    for n in range(1, count + 1):
        rows.append(
            [
                f"C{n}",
                "دفتر امور روستایی",
                f"برگزاری {n} دوره آموزش‌های مهارتی برای روستاییان",
                f"Hold {n} skills courses for villagers",
                "اشتغال و معیشت" if n % 2 else "",
                "1404/06/31",
                "2025-09-22",
                "دوره",
                "0",
                str(n * 10),
                "تجمعی: مقدارها جمع می‌شوند",
            ]
        )
    return rows


def as_csv(rows: list[list], language: str = "fa") -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(headers(language))
    writer.writerows(rows)
    return out.getvalue()


def as_xlsx(rows: list[list], language: str = "fa") -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(headers(language))
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
