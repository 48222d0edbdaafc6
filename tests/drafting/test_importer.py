"""Commitments imported from a spreadsheet in the commitments export's own format (drafting.importer)."""

import codecs

import pytest
from django.db import IntegrityError, connection
from django.utils import translation

from agreement.persian import to_latin_digits
from drafting.importer import ImportRefused, apply_import, preview_file, upload_file
from drafting.models import CommitmentImport
from obligations.models import Commitment
from tests.drafting.conftest import as_csv, as_xlsx, commitment_rows, headers

pytestmark = pytest.mark.django_db


def _apply(draft, content: bytes, user):
    return apply_import(upload=upload_file(agreement=draft, content=content, filename="c.csv", user=user), user=user)


def test_a_bad_date_in_row_317_of_500_is_named_by_row_and_column_and_nothing_is_stored(draft, superuser):
    rows = commitment_rows(500)
    rows[315][5] = "1404/13/01"  # the 316th commitment is row 317: the header is row 1
    content = as_csv(rows).encode("utf-8")
    preview = preview_file(draft, content)
    assert [(e.row, e.column, e.header) for e in preview.errors] == [(317, "F", headers()[5])]
    assert str(preview.errors[0]).startswith("ردیف ۳۱۷، ستون F («موعد (شمسی)»): ماه ۱۳ وجود ندارد")
    assert preview.changes == []
    with pytest.raises(ImportRefused) as refused:
        _apply(draft, content, superuser)
    assert refused.value.preview is not None and refused.value.preview.errors == preview.errors
    assert not Commitment.objects.filter(agreement=draft).exists()
    assert not CommitmentImport.objects.filter(applied_at__isnull=False).exists()


def test_the_errors_are_in_the_readers_language(draft):
    rows = commitment_rows(3)
    rows[1][9] = "ده"
    with translation.override("en"):
        preview = preview_file(draft, as_csv(rows, "en").encode())
        (error,) = preview.errors
        assert str(error).startswith("Row 3, column J («Target»): Enter a number")


def test_the_same_data_in_every_encoding_and_as_xlsx_gives_the_same_preview(draft):
    rows = commitment_rows(40)
    rows[7][9] = "۸۰"  # Persian digits in a number
    rows[8][5], rows[8][6] = "۱۴۰۴/۰۷/۰۱", ""  # Persian digits, the Gregorian date left empty
    rows[9][5], rows[9][6] = "2025-09-23", ""  # a Gregorian date in the Jalali column
    text = as_csv(rows)
    files = {
        "utf-8": text.encode("utf-8"),
        "utf-8 with a byte-order mark": codecs.BOM_UTF8 + text.encode("utf-8"),
        "utf-16": text.encode("utf-16"),
        # Windows-1256 has neither the Persian ی nor Persian or Arabic-Indic digits: Excel writes the
        # Arabic ي and Latin digits there, read back as ی and as the same numbers and dates.
        "windows-1256": to_latin_digits(text.replace("ی", "ي")).encode("cp1256"),
        "xlsx": as_xlsx(rows),
    }
    previews = {name: preview_file(draft, content) for name, content in files.items()}
    expected = previews["utf-8"]
    assert expected.errors == [] and len(expected.added) == 40
    for name, preview in previews.items():
        assert preview.errors == [], name
        assert [c.values for c in preview.changes] == [c.values for c in expected.changes], name
        assert preview.summary() == expected.summary(), name
    values = {c.number: c.values for c in expected.changes}
    assert values["C10"]["due_on"] == values["C9"]["due_on"].replace(day=23)
    assert "آموزش‌های" in values["C1"]["text_fa"]  # the ZWNJ kept as typed


def test_a_failure_at_row_400_while_applying_stores_nothing(draft, superuser):
    if connection.vendor != "postgresql":
        pytest.skip("forces the failure with a PostgreSQL constraint")
    content = as_csv(commitment_rows(500)).encode()
    assert preview_file(draft, content).errors == []
    with connection.cursor() as cursor:  # rolled back with the test's transaction
        cursor.execute("ALTER TABLE obligations_commitment ADD CONSTRAINT test_refuse_row_400 CHECK (number <> 'C399')")
    with pytest.raises(IntegrityError, match="test_refuse_row_400"):
        _apply(draft, content, superuser)
    assert not Commitment.objects.filter(agreement=draft).exists()
    assert not Commitment.history.filter(agreement=draft).exists()
    assert not CommitmentImport.objects.filter(applied_at__isnull=False).exists()


def test_applying_stores_every_row_with_its_author_once_per_file(draft, superuser):
    content = as_csv(commitment_rows(5)).encode()
    upload = _apply(draft, content, superuser)
    assert (upload.created, upload.updated, upload.applied_by) == (5, 0, superuser)
    c3 = Commitment.objects.get(agreement=draft, number="C3")
    assert (c3.owner.code, c3.indicator_target, c3.indicator_unit_fa, c3.category) == (
        "rural-affairs-qazvin",
        30,
        "دوره",
        "livelihood",
    )
    assert c3.history.get().history_user == superuser
    again = _apply(draft, content, superuser)
    assert again.pk == upload.pk and Commitment.objects.filter(agreement=draft).count() == 5
    assert preview_file(draft, content).nothing_to_change


def test_a_changed_row_is_a_change_and_the_rest_are_unchanged(draft, superuser):
    rows = commitment_rows(5)
    _apply(draft, as_csv(rows).encode(), superuser)
    rows[1][9] = "۲۵"
    rows[2][2] = "متن تازه"
    preview = preview_file(draft, as_csv(rows).encode())
    assert [(c.number, c.changed) for c in preview.changed] == [("C2", ["indicator_target"]), ("C3", ["text_fa"])]
    assert preview.unchanged == 3 and preview.added == []


def test_a_live_agreement_takes_no_import(agreement, superuser):
    content = as_csv(commitment_rows(1)).encode()
    with pytest.raises(ImportRefused):
        _apply(agreement, content, superuser)


def test_it_names_unknown_and_missing_columns_and_duplicate_rows(draft):
    rows = commitment_rows(3)
    rows[2][0] = "C۱"
    preview = preview_file(draft, as_csv(rows).encode())
    assert [(e.row, e.column) for e in preview.errors] == [(4, "A")]
    bad_header = "عدد,متن (فارسی)\nC1,x\n".encode()
    errors = [str(e) for e in preview_file(draft, bad_header).errors]
    assert errors[0].startswith("ردیف ۱، ستون A («عدد»)")
    assert any("«متعهد»" in error or "ستون" in error for error in errors[1:])
