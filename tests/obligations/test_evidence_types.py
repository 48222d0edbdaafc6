"""The type of an evidence file is read from its bytes, not its name."""

import io

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from obligations.evidence import DOCX, JPEG, PDF, PNG, XLSX, clean_file_name, sniff_content_type, validate_uploads
from tests.obligations import files


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (files.PDF, PDF),
        (files.JPEG, JPEG),
        (files.PNG, PNG),
        (files.office("word"), DOCX),
        (files.office("xl"), XLSX),
        (files.plain_zip(), None),
        (b"MZ\x90\x00 windows executable", None),
        (b"<html><script>alert(1)</script>", None),
        (b"PK\x03\x04 not really a zip", None),
        (b"", None),
    ],
)
def test_it_recognises_types_from_content(content, expected):
    assert sniff_content_type(io.BytesIO(content)) == expected


def test_a_real_spreadsheet_from_openpyxl_is_xlsx():
    buffer = io.BytesIO()
    workbook = openpyxl.Workbook()
    workbook.active["A1"] = "روستا"
    workbook.save(buffer)
    assert sniff_content_type(buffer) == XLSX


def test_sniffing_leaves_the_file_at_its_start():
    stream = io.BytesIO(files.office("word"))
    sniff_content_type(stream)
    assert stream.tell() == 0


def test_a_pdf_named_like_a_photo_is_still_a_pdf(settings):
    (upload,) = validate_uploads([files.upload("photo.jpg", files.PDF, "image/jpeg")])
    assert upload.content_type == PDF


def test_an_executable_named_like_a_pdf_is_refused(settings):
    with translation.override("en"), pytest.raises(ValidationError) as raised:
        validate_uploads([files.upload("report.pdf", b"MZ\x90\x00...", "application/pdf")])
    assert raised.value.messages == ["report.pdf is not a PDF, JPEG, PNG, Word (DOCX) or Excel (XLSX) file."]


def test_limits_come_from_settings(settings):
    settings.PEYMAN_EVIDENCE_MAX_FILES = 2
    settings.PEYMAN_EVIDENCE_MAX_BYTES = 1024 * 1024
    big = files.upload("big.pdf", files.PDF + b"x" * 1024 * 1024)
    with translation.override("en"), pytest.raises(ValidationError) as raised:
        validate_uploads([files.upload("a.png", files.PNG), big], already_attached=1)
    assert raised.value.messages == ["At most 2 files per entry (1 already attached).", "big.pdf is larger than 1 MB."]


def test_messages_use_persian_digits_in_persian(settings):
    settings.PEYMAN_EVIDENCE_MAX_FILES = 1
    with translation.override("fa"), pytest.raises(ValidationError) as raised:
        validate_uploads([files.upload("a.png", files.PNG)], already_attached=1)
    assert "۱" in raised.value.messages[0]


def test_an_empty_file_is_refused():
    with translation.override("en"), pytest.raises(ValidationError) as raised:
        validate_uploads([files.upload("empty.pdf", b"")])
    assert raised.value.messages == ["empty.pdf is empty."]


@pytest.mark.parametrize(
    ("given", "kept"),
    [
        ("C:\\Users\\x\\صورتجلسه.pdf", "صورتجلسه.pdf"),
        ("../../etc/passwd", "passwd"),
        ("a\x00b.pdf", "ab.pdf"),
        ("", "evidence"),
        ("ن" * 300 + ".pdf", "ن" * 251 + ".pdf"),
    ],
)
def test_file_names_are_kept_as_data_never_as_paths(given, kept):
    assert clean_file_name(given) == kept
