"""A narrative typed before the session expired is still there after signing in again."""

from obligations.models import ProgressEntry
from tests.browser.helpers import login

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
