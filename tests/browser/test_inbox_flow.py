"""A monitor returns an entry; its author finds it in the inbox and follows the e-mail's link to it."""

import datetime as dt
import re

import pytest
from django.core import mail

from obligations.services import record_progress
from tests.browser.helpers import PHONE, axe_violations, login, open_menu

RETURN_COMMENT = "عکس بازدید پیوست نشده است."


@pytest.fixture
def submitted_entry(commitment, rural_staff):
    rural_staff.email = "rural-staff@example.org"
    rural_staff.save()
    entry, _ = record_progress(
        commitment=commitment("B5"),
        author=rural_staff,
        happened_on=dt.date.today() - dt.timedelta(days=2),
        reported_status="in_progress",
        percent_complete=30,
        narrative="بازدید از روستا انجام شد.",
    )
    return entry


def test_a_returned_entry_reaches_its_author_by_inbox_and_email(
    new_page, live_server, agreement, monitor, rural_staff, submitted_entry, settings, screenshot
):
    settings.PEYMAN_SITE_URL = live_server.url
    base = f"{live_server.url}/a/{agreement.reference}"
    reviewer = login(new_page(), live_server, monitor)
    reviewer.goto(f"{base}/review/")
    with reviewer.expect_navigation():
        reviewer.locator(".queue-item").first.get_by_role("link").click()
    reviewer.fill("#id_comment", RETURN_COMMENT)
    with reviewer.expect_navigation():
        reviewer.click("button[name=decision][value=returned]")

    # The author: the header counts one unread notification; the inbox says what and why.
    author = login(new_page(viewport=PHONE), live_server, rural_staff)
    assert author.locator(".unread-count").first.inner_text().startswith("۱")  # on the menu button on a phone
    open_menu(author)
    with author.expect_navigation():
        author.click(".inbox-link")
    item = author.locator(".notification").first
    assert "B5" in item.inner_text() and RETURN_COMMENT in item.inner_text()
    screenshot(author, "inbox-fa-phone")
    assert axe_violations(author) == []
    with author.expect_navigation():
        item.get_by_role("button", name="باز کردن").click()
    assert author.url.endswith(f"/commitments/B5/#entry-{submitted_entry.pk}")
    assert author.locator(".unread-count:not([data-field-badge])").count() == 0

    # The e-mail: one message, to the author, whose link opens the entry.
    [message] = mail.outbox
    assert message.to == ["rural-staff@example.org"]
    link = re.search(r"https?://\S+#entry-\d+", message.body).group(0)
    author.goto(link)
    assert author.locator(f"#entry-{submitted_entry.pk}").is_visible()
    assert RETURN_COMMENT in author.locator(f"#entry-{submitted_entry.pk}").inner_text()


@pytest.mark.parametrize("language", ["fa", "en"])
def test_the_inbox_and_my_work_have_no_serious_accessibility_violations(
    new_page, live_server, agreement, monitor, language, screenshot
):
    prefix = "" if language == "fa" else "/en"
    page = new_page(viewport=PHONE)
    login(page, live_server, monitor, language=language)
    assert page.url.endswith("/my-work/")
    assert axe_violations(page) == []
    screenshot(page, f"my-work-{language}-phone")
    page.goto(f"{live_server.url}{prefix}/inbox/settings/")
    assert axe_violations(page) == []
    screenshot(page, f"inbox-settings-{language}-phone")
