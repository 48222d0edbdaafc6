"""A narrative typed before the session expired is still there after signing in again."""

import pytest

from obligations.models import ProgressEntry
from tests.browser.helpers import login
from tests.factories import make_entry

REFERENCE = "qazvin-ikrc-rural-1397"
NARRATIVE = "بازدید از ۱۲ روستای شهرستان تاکستان انجام شد و صورتجلسه‌ها امضا شد."


def test_the_narrative_survives_an_expired_session_and_is_forgotten_once_saved(
    page, live_server, agreement, rural_staff
):
    login(page, live_server, rural_staff)
    log_url = f"{live_server.url}/a/{REFERENCE}/commitments/B5/log/"
    page.goto(log_url)
    page.fill("#id_narrative", NARRATIVE)
    page.select_option("#id_reported_status", "in_progress")
    page.context.clear_cookies()  # the session (and its CSRF cookie) expired meanwhile
    with page.expect_navigation():
        page.click("form.entry-form button[type=submit]")
    assert "فرم فرستاده نشد" in page.content()
    assert "در همین مرورگر نگه داشته شده" in page.content()

    login(page, live_server, rural_staff)
    page.goto(log_url)
    assert page.input_value("#id_narrative") == NARRATIVE
    assert page.locator("[data-draft-note]").is_visible()

    page.fill("#id_happened_on", "۱۳۹۸/۰۱/۱۵")
    page.keyboard.press("Escape")
    page.select_option("#id_reported_status", "in_progress")
    with page.expect_navigation():
        page.click("form.entry-form button[type=submit]")
    assert page.locator(".message-success").count() == 1
    assert ProgressEntry.objects.get().narrative == NARRATIVE
    page.goto(log_url)
    assert page.input_value("#id_narrative") == ""  # saved: the draft is gone
    assert not page.locator("[data-draft-note]").is_visible()


def test_a_draft_can_be_discarded(page, live_server, agreement, rural_staff):
    login(page, live_server, rural_staff, language="en")
    log_url = f"{live_server.url}/en/a/{REFERENCE}/commitments/B5/log/"
    page.goto(log_url)
    page.fill("#id_narrative", "half a sentence")
    page.goto(log_url)
    assert page.input_value("#id_narrative") == "half a sentence"
    page.get_by_role("button", name="Discard it").click()
    assert page.input_value("#id_narrative") == ""
    page.goto(log_url)
    assert page.input_value("#id_narrative") == ""


@pytest.mark.parametrize("language", ["fa", "en"])
def test_a_form_sent_twice_is_not_put_back_as_an_unsaved_draft(
    new_page, live_server, agreement, rural_staff, commitment, language
):
    """The first send was saved (its answer lost); the second is answered "already saved": the form
    must not later claim to put back a narrative "not yet saved" (issue 19 point 7)."""
    prefix = "" if language == "fa" else "/en"
    page = new_page(locale="fa-IR" if language == "fa" else "en-US")
    login(page, live_server, rural_staff, language=language)
    log_url = f"{live_server.url}{prefix}/a/{REFERENCE}/commitments/B5/log/"
    page.goto(log_url)
    page.fill("#id_narrative", NARRATIVE)
    page.select_option("#id_reported_status", "in_progress")
    key = page.input_value("input[name=submission_key]")
    make_entry(commitment("B5"), rural_staff, narrative=NARRATIVE, submission_key=key)  # the first send
    with page.expect_navigation():
        page.click("form.entry-form button[type=submit]")
    assert page.locator(".message-info").count() == 1 and ProgressEntry.objects.count() == 1
    page.goto(log_url)
    assert not page.locator("[data-draft-note]").is_visible()
    assert page.input_value("#id_narrative") == ""


@pytest.mark.parametrize("language", ["fa", "en"])
def test_a_refused_form_says_the_text_is_kept_only_where_it_is(new_page, live_server, agreement, rural_staff, language):
    """Without JavaScript nothing keeps the narrative: the refusal page must not say it is kept."""
    prefix = "" if language == "fa" else "/en"
    page = new_page(java_script_enabled=False, locale="fa-IR" if language == "fa" else "en-US")
    login(page, live_server, rural_staff, language=language)
    page.goto(f"{live_server.url}{prefix}/a/{REFERENCE}/commitments/B5/log/")
    page.fill("#id_narrative", NARRATIVE)
    page.context.clear_cookies()
    with page.expect_navigation():
        page.click("form.entry-form button[type=submit]")
    assert not page.locator("[data-draft-kept]").is_visible()
    assert page.locator("[data-draft-lost]").is_visible()
    kept = {"fa": "در همین مرورگر نگه داشته شده", "en": "is kept in this browser"}[language]
    assert kept not in page.locator("main").inner_text()
