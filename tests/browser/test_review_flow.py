"""A monitor returns an entry with a comment; its author sees it, fixes it and resubmits; the monitor
accepts it. And the review pages have no serious accessibility violations in either language."""

import datetime as dt

import pytest

from agreement.jalali import Quarter
from obligations.models import ProgressEntry
from obligations.services import record_progress
from tests.browser.helpers import DESKTOP, PHONE, axe_violations, login

RETURN_COMMENT = "صورتجلسه امضا ندارد؛ نسخه امضاشده را پیوست کنید."
FIXED_NARRATIVE = "جلسه با دهیاران برگزار شد و صورتجلسه امضاشده پیوست شد."


@pytest.fixture
def submitted_entry(commitment, rural_staff):
    entry, _ = record_progress(
        commitment=commitment("B5"),
        author=rural_staff,
        happened_on=dt.date.today() - dt.timedelta(days=3),
        reported_status="in_progress",
        percent_complete=30,
        narrative="جلسه با دهیاران برگزار شد.",
    )
    return entry


def test_several_entries_are_accepted_at_once_from_the_queue_without_javascript(
    new_page, live_server, agreement, monitor, commitment, rural_staff, submitted_entry
):
    second, _ = record_progress(
        commitment=commitment("B6"),
        author=rural_staff,
        happened_on=dt.date.today(),
        reported_status="in_progress",
        narrative="کار آغاز شد.",
    )
    page = login(new_page(java_script_enabled=False), live_server, monitor)
    page.goto(f"{live_server.url}/a/{agreement.reference}/review/")
    page.check(f"#select-{submitted_entry.pk}")
    page.check(f"#select-{second.pk}")
    with page.expect_navigation():
        page.click("button[name=decision][value=accepted]")
    assert page.locator(".queue-item").count() == 0
    assert set(ProgressEntry.objects.values_list("review_state", flat=True)) == {"accepted"}


@pytest.mark.parametrize("language", ["fa", "en"])
@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_the_review_pages_have_no_serious_accessibility_violations(
    new_page, live_server, agreement, monitor, submitted_entry, language, viewport
):
    prefix = "" if language == "fa" else "/en"
    page = login(new_page(viewport=viewport), live_server, monitor, language=language)
    base = f"{live_server.url}{prefix}/a/{agreement.reference}"
    quarter = Quarter.containing(dt.date.today())
    pages = ("/review/", f"/review/{submitted_entry.pk}/", "/evaluations/", f"/evaluations/{quarter}/B5/")
    for path in pages:
        page.goto(base + path)
        assert page.locator("html").get_attribute("lang") == language
        assert axe_violations(page) == [], path
