"""A rural-affairs staff member logs progress with a photo, in a real Chromium."""

import pytest

from obligations.models import Evidence, ProgressEntry
from tests.browser.helpers import PHONE, axe_violations, login
from tests.obligations import files

REFERENCE = "qazvin-ikrc-rural-1397"


def test_staff_log_an_entry_with_a_photo_and_see_it_everywhere(page, live_server, agreement, rural_staff, tmp_path):
    photo = tmp_path / "بازدید روستا.png"
    photo.write_bytes(files.PNG)
    login(page, live_server, rural_staff)
    page.goto(f"{live_server.url}/a/{REFERENCE}/commitments/")
    page.locator(".commitment-row", has=page.locator("a.commitment-number", has_text="B5")).get_by_role(
        "link", name="ثبت پیشرفت"
    ).click()
    page.wait_for_url(f"**/a/{REFERENCE}/commitments/B5/log/")
    page.fill("#id_happened_on", "۱۳۹۸/۰۱/۱۵")  # typed, Persian digits
    page.keyboard.press("Escape")
    page.select_option("#id_reported_status", "in_progress")
    page.fill("#id_percent_complete", "۳۵")
    page.fill("#id_narrative", "پروژه آب‌رسانی روستا با وجوه زکات تکمیل شد.")
    page.select_option("#id_county", label="تاکستان")
    page.fill("#id_village", "کوندج")
    page.set_input_files("#id_evidence", str(photo))
    with page.expect_navigation():
        page.click("form.entry-form button[type=submit]")

    assert "/commitments/B5/" in page.url
    assert page.locator(".message-success").inner_text() == "گزارش پیشرفت شما ذخیره شد."
    entry = page.locator(".timeline .entry").first
    assert "پروژه آب‌رسانی روستا" in entry.inner_text()
    assert "۳۵٪" in entry.inner_text()
    assert entry.get_by_role("link", name="بازدید روستا.png").count() == 1
    assert Evidence.objects.get().content_type == "image/png"

    page.goto(f"{live_server.url}/a/{REFERENCE}/commitments/?q=B5")
    row = page.locator(".commitment-row").first
    assert "در حال انجام" in row.inner_text() and "۳۵٪" in row.inner_text()
    assert "۱۴۰۱" not in row.inner_text()  # last entry shows the (Jalali) day it was logged, today


def test_staff_cannot_log_on_the_other_partys_commitment(page, live_server, agreement, rural_staff):
    login(page, live_server, rural_staff)
    page.goto(f"{live_server.url}/a/{REFERENCE}/commitments/A1/")
    assert page.get_by_role("link", name="ثبت پیشرفت").count() == 0
    response = page.goto(f"{live_server.url}/a/{REFERENCE}/commitments/A1/log/")
    assert response.status == 403
    # A forged POST with a valid CSRF token from the B5 form is refused as well.
    page.goto(f"{live_server.url}/a/{REFERENCE}/commitments/B5/log/")
    token = page.locator("form.entry-form input[name=csrfmiddlewaretoken]").input_value()
    key = page.locator("input[name=submission_key]").input_value()
    forged = page.request.post(
        f"{live_server.url}/a/{REFERENCE}/commitments/A1/log/",
        form={
            "csrfmiddlewaretoken": token,
            "submission_key": key,
            "happened_on": "1398/01/15",
            "reported_status": "completed",
            "narrative": "forged",
        },
        headers={"Referer": f"{live_server.url}/a/{REFERENCE}/commitments/B5/log/"},
    )
    assert forged.status == 403
    assert ProgressEntry.objects.count() == 0


@pytest.mark.parametrize("viewport", [None, PHONE], ids=["desktop", "phone"])
def test_the_jalali_picker_opens_from_its_button_never_over_typing(
    new_page, live_server, agreement, rural_staff, viewport, screenshot
):
    page = new_page(viewport=viewport)
    login(page, live_server, rural_staff)
    page.goto(f"{live_server.url}/a/{REFERENCE}/commitments/B5/log/")
    picker = page.locator("jdp-container")
    # Typing a date: focus and keys leave the box uncovered.
    page.fill("#id_happened_on", "")
    page.click("#id_happened_on")
    page.keyboard.type("1398/02/01")
    page.wait_for_timeout(350)  # the picker's opening animation, were it to open
    assert not picker.is_visible()
    assert page.input_value("#id_happened_on") == "1398/02/01"

    page.fill("#id_happened_on", "")
    button = page.get_by_role("button", name="تقویم: تاریخ انجام کار")
    button.click()
    picker.wait_for(state="visible")
    page.wait_for_timeout(350)
    screenshot(page, f"date-picker-fa-{'phone' if viewport else 'desktop'}", save_to_docs=True, full_page=False)
    # Its year and month selects are named in the page's language; every day cell reads at AA contrast.
    assert picker.locator(".jdp-year select").get_attribute("aria-label") == "سال"
    assert picker.locator(".jdp-month select").get_attribute("aria-label") == "ماه"
    assert axe_violations(page, impacts=("minor", "moderate", "serious", "critical")) == []
    picker.locator(".jdp-day:not(.disabled-day):not(.not-in-month)").first.click()
    value = page.input_value("#id_happened_on")
    assert len(value) == 10 and value.count("/") == 2
    assert not picker.is_visible()
    assert page.evaluate("() => document.activeElement.id") == "id_happened_on"


def test_logging_works_without_javascript(new_page, live_server, agreement, rural_staff):
    page = new_page(java_script_enabled=False, viewport=PHONE)
    login(page, live_server, rural_staff, language="en")
    page.goto(f"{live_server.url}/en/a/{REFERENCE}/commitments/J1/log/")
    page.fill("#id_happened_on", "2019-03-01")
    page.fill("#id_narrative", "Joint planning meeting held.")
    with page.expect_navigation():
        page.click("form.entry-form button[type=submit]")
    assert page.locator(".message-success").inner_text() == "Your progress entry was saved."
    assert ProgressEntry.objects.get().commitment.number == "J1"


def test_a_refused_form_shows_the_message_next_to_the_field(page, live_server, agreement, rural_staff):
    login(page, live_server, rural_staff, language="en")
    page.goto(f"{live_server.url}/en/a/{REFERENCE}/commitments/B5/log/")
    page.fill("#id_happened_on", "2099-01-01")
    page.fill("#id_village", "Kondaj")
    with page.expect_navigation():
        page.click("form.entry-form button[type=submit]")
    date_field = page.locator(".field.has-error", has=page.locator("#id_happened_on"))
    assert "cannot be in the future" in date_field.inner_text()
    assert page.input_value("#id_village") == "Kondaj"
    assert ProgressEntry.objects.count() == 0


@pytest.mark.parametrize("language", ["fa", "en"])
def test_workspace_pages_have_no_serious_accessibility_violations(
    new_page, live_server, agreement, rural_staff, monitor, commitment, language
):
    from obligations.services import record_progress, review_entry

    entry, _ = record_progress(
        commitment=commitment("B5"),
        author=rural_staff,
        happened_on=agreement.signed_on,
        reported_status="in_progress",
        narrative="بازدید",
        percent_complete=20,
    )
    review_entry(entry=entry, reviewer=monitor, decision="returned", comment="پیوست لازم است", expected_version=1)
    prefix = "" if language == "fa" else "/en"
    page = new_page(viewport=PHONE)
    login(page, live_server, rural_staff, language=language)
    for path in (
        f"/a/{REFERENCE}/commitments/B5/",
        f"/a/{REFERENCE}/commitments/B12/log/",
        f"/entries/{entry.pk}/edit/",
        f"/entries/{entry.pk}/withdraw/",
        "/accounts/password_change/",
    ):
        page.goto(f"{live_server.url}{prefix}{path}")
        assert axe_violations(page) == [], path
