"""Evidence the storage cannot take (read-only, full, gone): the form comes back with the text kept,
a clear message in the reader's language, one log line, and nothing half-saved."""

import datetime as dt
import logging
import os
import uuid

import pytest

from obligations.models import Evidence, ProgressEntry
from tests.obligations import files

URL = "/{prefix}a/qazvin-ikrc-rural-1397/commitments/B5/log/"


@pytest.fixture
def unwritable_media(settings, tmp_path):
    """A media folder the server cannot write into, for real: read-only for an ordinary user; for root
    (whom permissions do not stop) a path under a regular file, which the kernel refuses as well."""
    if os.geteuid() == 0:
        blocker = tmp_path / "blocker"
        blocker.write_text("a file where the media folder should be")
        settings.MEDIA_ROOT = blocker / "media"
        yield
        return
    media = tmp_path / "read-only-media"
    media.mkdir()
    media.chmod(0o500)
    settings.MEDIA_ROOT = media
    yield
    media.chmod(0o700)


@pytest.mark.parametrize(
    "prefix, happened_on, words",
    [
        ("en/", "2019-01-10", "The files could not be stored, so nothing was saved."),
        ("", "1397/10/20", "پرونده‌ها ذخیره نشدند"),
    ],
)
def test_an_entry_whose_files_cannot_be_stored_comes_back_with_its_text(
    client, rural_staff, agreement, unwritable_media, caplog, prefix, happened_on, words
):
    client.force_login(rural_staff)
    narrative = "روستای کوندج را دیدیم و با شورا گفت‌وگو کردیم."
    key = str(uuid.uuid4())
    data = {
        "submission_key": key,
        "happened_on": happened_on,
        "reported_status": "in_progress",
        "percent_complete": "30",
        "narrative": narrative,
        "evidence": files.upload("عکس بازدید.png", files.PNG, "image/png"),
    }
    with caplog.at_level(logging.WARNING):
        response = client.post(URL.format(prefix=prefix), data)

    assert response.status_code == 200  # the form again, as for a field to correct
    html = response.content.decode()
    assert words in html
    assert narrative in html and key in html  # the same key: sending again cannot save it twice
    assert not ProgressEntry.objects.exists() and not Evidence.objects.exists()
    assert ProgressEntry.history.count() == 0
    records = [r for r in caplog.records if r.levelno >= logging.WARNING and r.name != "axes.watch_login"]
    assert len(records) == 1 and "Evidence not stored, nothing saved" in records[0].getMessage()


@pytest.mark.parametrize(
    "prefix, words",
    [("en/", "The files could not be stored, so nothing was saved."), ("", "پرونده‌ها ذخیره نشدند")],
)
def test_an_edit_whose_files_cannot_be_stored_comes_back_with_the_new_text_and_changes_nothing(
    client, rural_staff, log_entry, commitment, unwritable_media, caplog, prefix, words
):
    entry = log_entry(commitment("B5"), rural_staff, percent_complete=20, happened_on=dt.date(2024, 5, 1))
    before = (entry.narrative, entry.version, entry.percent_complete, entry.history.count())
    client.force_login(rural_staff)
    corrected = "اصلاح: دو روستا را دیدیم و صورتجلسهٔ شورا را پیوست کردیم."
    data = {
        "version": entry.version,
        "happened_on": "2024-05-01" if prefix else "1403/02/12",
        "reported_status": entry.reported_status,
        "percent_complete": "40",
        "narrative": corrected,
        "county": "",
        "village": entry.village,
        "evidence": files.upload("صورتجلسه.png", files.PNG, "image/png"),
    }
    with caplog.at_level(logging.WARNING):
        response = client.post(f"/{prefix}entries/{entry.pk}/edit/", data)

    assert response.status_code == 200
    html = response.content.decode()
    assert words in html and corrected in html  # the form again, with what they typed
    entry.refresh_from_db()
    assert (entry.narrative, entry.version, entry.percent_complete, entry.history.count()) == before
    assert not Evidence.objects.exists()
    records = [r for r in caplog.records if r.levelno >= logging.WARNING and r.name != "axes.watch_login"]
    assert len(records) == 1 and "Evidence not stored, nothing saved" in records[0].getMessage()
