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


def _dashboard_counts(page, live_server, agreement) -> tuple[int, int]:
    """(entries awaiting review, entries accepted) as the dashboard shows them, in English digits."""
    page.goto(f"{live_server.url}/en/a/{agreement.reference}/dashboard/")
    awaiting = page.locator(".dash-tile", has_text="Entries awaiting review").locator(".dash-number").inner_text()
    accepted = page.locator(".dash-tile", has_text="Progress entries").locator("a", has_text="accepted").inner_text()
    return int(awaiting), int(accepted.split()[0])


def test_a_returned_entry_is_fixed_by_its_author_and_then_accepted(
    new_page, live_server, agreement, monitor, rural_staff, submitted_entry
):
    base = f"{live_server.url}/a/{agreement.reference}"
    reviewer = login(new_page(), live_server, monitor)

    assert _dashboard_counts(reviewer, live_server, agreement) == (1, 0)

    # The monitor finds the entry in the queue and returns it with a comment.
    reviewer.goto(f"{base}/review/")
    with reviewer.expect_navigation():
        reviewer.locator(".queue-item").first.get_by_role("link").click()
    reviewer.fill("#id_comment", RETURN_COMMENT)
    with reviewer.expect_navigation():
        reviewer.click("button[name=decision][value=returned]")
    assert reviewer.url.endswith(f"/a/{agreement.reference}/review/")
    assert reviewer.locator(".message-success").count() == 1
    assert reviewer.locator(".queue-item").count() == 0
    assert _dashboard_counts(reviewer, live_server, agreement) == (0, 0)

    # The author sees the comment on the commitment's timeline and fixes the entry.
    author = login(new_page(viewport=PHONE), live_server, rural_staff)
    author.goto(f"{base}/commitments/B5/")
    card = author.locator(f"#entry-{submitted_entry.pk}")
    assert RETURN_COMMENT in card.locator(".review-note").inner_text()
    with author.expect_navigation():
        card.locator(".entry-actions a.button").first.click()
    author.fill("#id_narrative", FIXED_NARRATIVE)
    with author.expect_navigation():
        author.click(".entry-form button[type=submit]")
    entry = ProgressEntry.objects.get(pk=submitted_entry.pk)
    assert (entry.review_state, entry.narrative) == ("submitted", FIXED_NARRATIVE)
    assert _dashboard_counts(reviewer, live_server, agreement) == (1, 0)

    # Back in the queue, with the earlier return visible; the monitor accepts it.
    reviewer.goto(f"{base}/review/")
    item = reviewer.locator(".queue-item")
    assert item.count() == 1
    assert FIXED_NARRATIVE in item.inner_text()
    item.locator("details.earlier summary").click()
    assert RETURN_COMMENT in item.locator(".review-history").inner_text()
    with reviewer.expect_navigation():
        item.get_by_role("link").click()
    with reviewer.expect_navigation():
        reviewer.click("button[name=decision][value=accepted]")
    assert reviewer.locator(".queue-item").count() == 0
    assert _dashboard_counts(reviewer, live_server, agreement) == (0, 1)

    entry.refresh_from_db()
    assert (entry.review_state, entry.reviewed_by, entry.author) == ("accepted", monitor, rural_staff)
    assert list(entry.reviews.values_list("decision", "comment")) == [
        ("returned", RETURN_COMMENT),
        ("resubmitted", ""),
        ("accepted", ""),
    ]
    # The author's timeline now says accepted and still keeps the earlier return comment.
    author.goto(f"{base}/commitments/B5/")
    card = author.locator(f"#entry-{submitted_entry.pk}")
    assert card.locator(".badge-accepted").count() == 1
    card.locator("details.return-history summary").click()
    assert RETURN_COMMENT in card.locator("details.return-history").inner_text()


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
