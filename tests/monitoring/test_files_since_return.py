"""The review of a resubmitted entry names the evidence files added and removed since the version the
monitor returned (issue 19 point 7), by SHA-256: the same file attached again under another name is
neither added nor removed."""

import hashlib

import pytest
import time_machine
from django.urls import reverse
from django.utils import translation

from obligations.services import update_entry
from tests.factories import return_entry
from tests.monitoring.conftest import REFERENCE

SITE = {"fa": ("افزوده شد", "برداشته شد", "هیچ پرونده‌ای افزوده یا برداشته نشد."), "en": ("Added", "Removed", "")}


def _review_page(client, entry, language):
    with translation.override(language):
        return client.get(reverse("review_entry", args=[REFERENCE, entry.pk])).content.decode()


@pytest.fixture
def resubmitted(b5_entry, monitor, attach_evidence):
    """B5's entry, returned with a photo and a list attached; then the list removed, a scan added and
    the photo attached again under a new name; resubmitted."""
    with time_machine.travel("2024-09-01 09:00:00+00:00", tick=False):
        attach_evidence(b5_entry, "عکس بازدید.pdf", b"%PDF-1.4 photo")
        listed = attach_evidence(b5_entry, "فهرست خانواده‌ها.pdf", b"%PDF-1.4 list")
    with time_machine.travel("2024-09-02 09:00:00+00:00", tick=False):
        return_entry(b5_entry, monitor)
    with time_machine.travel("2024-09-03 09:00:00+00:00", tick=False):
        # The app never removes evidence (it was submitted); a row removed by other means still shows.
        listed.file.delete(save=False)
        listed.delete()
        scan = attach_evidence(b5_entry, "اسکن صورتجلسه.pdf", b"%PDF-1.4 scan")
        b5_entry.refresh_from_db()
        update_entry(entry=b5_entry, expected_version=b5_entry.version, narrative="پیوست‌ها کامل شد")
    return {"scan": scan}


@pytest.mark.parametrize("language", ["fa", "en"])
def test_the_review_names_the_files_added_and_removed_since_the_return(
    as_user, monitor, b5_entry, resubmitted, language
):
    page = _review_page(as_user(monitor), b5_entry, language)
    added, removed, _ = SITE[language]
    assert page.count("data-file-added") == 1 and page.count("data-file-removed") == 1
    assert f"{added}: <ins><bdi>اسکن صورتجلسه.pdf</bdi></ins>" in page
    assert f"{removed}: <del><bdi>فهرست خانواده‌ها.pdf</bdi></del>" in page
    assert hashlib.sha256(b"%PDF-1.4 scan").hexdigest()[:12] in page
    assert "عکس بازدید.pdf</bdi></ins>" not in page  # there before the return: not added


def test_a_resubmission_with_the_same_files_says_none_changed(as_user, monitor, b5_entry, attach_evidence):
    with time_machine.travel("2024-09-01 09:00:00+00:00", tick=False):
        attach_evidence(b5_entry, "عکس بازدید.pdf", b"%PDF-1.4 photo")
    with time_machine.travel("2024-09-02 09:00:00+00:00", tick=False):
        return_entry(b5_entry, monitor)
    b5_entry.refresh_from_db()
    update_entry(entry=b5_entry, expected_version=b5_entry.version, narrative="شرح کامل‌تر")
    page = _review_page(as_user(monitor), b5_entry, "fa")
    assert "data-file-added" not in page and SITE["fa"][2] in page


def test_an_entry_never_returned_shows_no_such_list(as_user, monitor, b5_entry, attach_evidence):
    attach_evidence(b5_entry)
    assert "files-since-return" not in _review_page(as_user(monitor), b5_entry, "fa")
