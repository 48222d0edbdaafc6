"""A file sent with no usable name (empty, «..», a path) is refused with the form, not dropped while the
entry is saved (issue 18 point 7). The bodies are built by hand, as a script or a broken client sends them."""

import datetime as dt
import uuid

import pytest

from obligations.models import Evidence, ProgressEntry
from obligations.services import record_progress
from tests.obligations import files

BOUNDARY = "----peyman-test-boundary"
PATH = "/{lang}a/qazvin-ikrc-rural-1397/commitments/B5/log/"
NARRATIVE = "بازدید از روستای «تأیید»"


def _multipart(fields: dict, file_parts: list[tuple[str, bytes]]) -> bytes:
    lines = []
    for name, value in fields.items():
        lines += [f"--{BOUNDARY}", f'Content-Disposition: form-data; name="{name}"', "", str(value)]
    body = "\r\n".join(lines).encode() + b"\r\n"
    for file_name, content in file_parts:
        head = f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="evidence"; filename="{file_name}"\r\n'
        body += head.encode() + b"Content-Type: application/pdf\r\n\r\n" + content + b"\r\n"
    return body + f"--{BOUNDARY}--\r\n".encode()


def _post(client, path, file_parts, **fields):
    body = _multipart(fields, file_parts)
    return client.generic("POST", path, body, content_type=f"multipart/form-data; boundary={BOUNDARY}")


def _new_entry_fields():
    return {
        "submission_key": str(uuid.uuid4()),
        "happened_on": "2019-01-10",
        "reported_status": "in_progress",
        "narrative": NARRATIVE,
    }


@pytest.mark.parametrize(
    ("file_name", "lang", "message"),
    [
        ("", "en/", "A file came without a name and was refused, so nothing was saved."),
        ("..", "en/", "“..” is not a file name, so the file was refused and nothing was saved."),
        ("reports/..", "en/", "is not a file name, so the file was refused and nothing was saved."),
        ("", "", "پرونده‌ای بی‌نام فرستاده شد و پذیرفته نشد، پس چیزی ذخیره نشد."),
        ("..", "", "«..» نام پرونده نیست، پس پرونده پذیرفته نشد و چیزی ذخیره نشد."),
    ],
)
def test_a_file_with_no_usable_name_refuses_the_new_entry_and_keeps_the_text(
    client, rural_staff, agreement, file_name, lang, message
):
    client.force_login(rural_staff)
    response = _post(client, PATH.format(lang=lang), [(file_name, files.PDF)], **_new_entry_fields())
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page
    assert NARRATIVE in page  # the text typed is kept in the form
    assert ProgressEntry.objects.count() == 0
    assert Evidence.objects.count() == 0


def test_a_named_file_beside_a_nameless_one_is_not_saved_either(client, rural_staff, agreement):
    client.force_login(rural_staff)
    response = _post(
        client, PATH.format(lang="en/"), [("scan.pdf", files.PDF), ("..", files.PDF)], **_new_entry_fields()
    )
    assert "is not a file name" in response.content.decode()
    assert (ProgressEntry.objects.count(), Evidence.objects.count()) == (0, 0)


def test_an_empty_file_input_is_still_no_file(client, rural_staff, agreement):
    """What a browser sends for a file input left empty: filename="" and no content."""
    client.force_login(rural_staff)
    response = _post(client, PATH.format(lang="en/"), [("", b"")], **_new_entry_fields())
    assert response.status_code == 302
    assert (ProgressEntry.objects.count(), Evidence.objects.count()) == (1, 0)


def test_a_nameless_file_refuses_the_edit_and_changes_nothing(client, rural_staff, agreement, commitment):
    entry, _ = record_progress(
        commitment=commitment("B5"),
        author=rural_staff,
        happened_on=dt.date(2019, 1, 10),
        reported_status="in_progress",
        narrative="پیش از ویرایش",
    )
    client.force_login(rural_staff)
    fields = {
        "version": entry.version,
        "happened_on": "2019-01-10",
        "reported_status": "in_progress",
        "narrative": NARRATIVE,
    }
    response = _post(client, f"/en/entries/{entry.pk}/edit/", [("..", files.PDF)], **fields)
    assert response.status_code == 200
    assert "is not a file name" in response.content.decode()
    assert NARRATIVE in response.content.decode()
    entry.refresh_from_db()
    assert (entry.narrative, entry.version, Evidence.objects.count()) == ("پیش از ویرایش", 1, 0)
