"""Uploads: oversized bodies refused unread, names that match the content, no bidi tricks, no zip bombs."""

import io
import uuid
import zipfile

import pytest
from django.core.exceptions import ValidationError

from obligations.evidence import clean_file_name, name_for_type, validate_uploads
from obligations.models import Evidence, ProgressEntry
from obligations.services import attach_evidence
from tests.obligations import files

LOG = "/en/a/qazvin-ikrc-rural-1397/commitments/B5/log/"


def _form(**extra):
    data = {
        "submission_key": str(uuid.uuid4()),
        "happened_on": "2019-01-10",
        "reported_status": "in_progress",
        "narrative": "x",
    }
    data.update(extra)
    return data


def test_a_body_above_the_limit_is_refused_before_it_is_read(client, rural_staff, agreement, settings, monkeypatch):
    settings.PEYMAN_REQUEST_MAX_BYTES = 64 * 1024
    client.force_login(rural_staff)

    def never(*args, **kwargs):
        raise AssertionError("the body was parsed")

    monkeypatch.setattr("django.http.request.MultiPartParser.parse", never)
    response = client.post(LOG, _form(evidence=files.upload("big.pdf", files.PDF + b"0" * 100_000)))
    assert response.status_code == 413
    assert "at most 0 MB" not in response.content.decode()
    assert "What you sent is too large" in response.content.decode()
    assert ProgressEntry.objects.count() == 0


def test_the_default_limit_leaves_room_for_every_allowed_file(settings):
    assert settings.PEYMAN_REQUEST_MAX_BYTES > settings.PEYMAN_EVIDENCE_MAX_FILES * settings.PEYMAN_EVIDENCE_MAX_BYTES


def test_a_pdf_named_html_is_stored_and_downloaded_as_pdf(client, rural_staff, agreement):
    client.force_login(rural_staff)
    client.post(LOG, _form(evidence=files.upload("گزارش.html", files.PDF)))
    evidence = Evidence.objects.get()
    assert evidence.original_name == "گزارش.pdf"
    response = client.get(f"/evidence/{evidence.pk}/")
    assert "filename*=utf-8''%DA%AF%D8%B2%D8%A7%D8%B1%D8%B4.pdf" in response["Content-Disposition"]


def test_a_file_stored_earlier_under_a_wrong_name_downloads_with_the_right_extension(client, rural_staff, agreement):
    client.force_login(rural_staff)
    client.post(LOG, _form(evidence=files.upload("scan.pdf", files.PDF)))
    evidence = Evidence.objects.get()
    Evidence.objects.filter(pk=evidence.pk).update(original_name="scan.html")
    assert 'filename="scan.pdf"' in client.get(f"/evidence/{evidence.pk}/")["Content-Disposition"]


@pytest.mark.parametrize(
    ("name", "content_type", "expected"),
    [
        ("x.html", "application/pdf", "x.pdf"),
        ("x.PDF", "application/pdf", "x.PDF"),
        ("photo.jpeg", "image/jpeg", "photo.jpeg"),
        ("photo.png", "image/jpeg", "photo.jpg"),
        ("report", "application/pdf", "report.pdf"),
        ("v1.2 report", "application/pdf", "v1.2 report.pdf"),
    ],
)
def test_names_get_the_extension_of_their_content(name, content_type, expected):
    assert name_for_type(name, content_type) == expected


def test_bidi_controls_are_stripped_and_zwnj_kept():
    assert clean_file_name("عکس\u202egpj.exe") == "عکسgpj.exe"
    assert clean_file_name("\u200fگزارش‌ها\u2066.pdf\u2069") == "گزارش‌ها.pdf"
    assert "\u200c" in clean_file_name("گزارش‌ها.pdf")


def _bomb(kind="word") -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(f"{kind}/document.xml", b"\0" * (300 * 1024 * 1024))
    return buffer.getvalue()


@pytest.fixture(scope="module")
def bomb():
    return _bomb()


def test_an_office_file_that_expands_too_far_is_refused(bomb):
    assert len(bomb) < 1024 * 1024  # under a megabyte on the wire
    with pytest.raises(ValidationError) as raised:
        validate_uploads([files.upload("صورت‌حساب.docx", bomb)])
    (message,) = raised.value.messages
    assert message.startswith("صورت‌حساب.docx پس از بازشدن بسیار بزرگ‌تر")


def test_real_office_files_still_pass():
    (upload,) = validate_uploads([files.upload("a.docx", files.office("word"))])
    assert upload.content_type.endswith("wordprocessingml.document")


def test_the_same_file_chosen_twice_is_stored_and_listed_once(client, rural_staff, agreement):
    client.force_login(rural_staff)
    client.post(LOG, _form(evidence=[files.upload("نامه.pdf", files.PDF), files.upload("نامه (1).pdf", files.PDF)]))
    assert Evidence.objects.count() == 1
    assert Evidence.objects.get().original_name == "نامه.pdf"


def test_a_file_the_entry_holds_already_is_not_attached_again(client, rural_staff, agreement):
    client.force_login(rural_staff)
    client.post(LOG, _form(evidence=files.upload("scan.pdf", files.PDF)))
    entry = Evidence.objects.get().entry
    again = validate_uploads([files.upload("scan-again.pdf", files.PDF), files.upload("other.pdf", files.PDF + b"%x")])
    stored = attach_evidence(entry=entry, uploads=again, uploaded_by=rural_staff)
    assert [e.original_name for e in stored] == ["other.pdf"]
    assert sorted(entry.evidence.values_list("original_name", flat=True)) == ["other.pdf", "scan.pdf"]
