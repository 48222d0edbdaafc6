"""The Jalali date box in Persian shows Persian digits whatever the picker or the typist used."""

import re

from obligations.models import ProgressEntry
from tests.browser.helpers import PHONE, login

REFERENCE = "qazvin-ikrc-rural-1397"
PERSIAN_DATE = re.compile(r"^[۰-۹]{4}/[۰-۹]{2}/[۰-۹]{2}$")


def close(picker) -> None:
    """Close the picker with its own button, as a person would. The picker (jalalidatepicker) now and
    then ignores a click on its close button while it redraws; a person clicks again, and so does
    this (at most three times) before the test gives up."""
    for _ in range(3):
        if not picker.is_visible():
            return
        picker.get_by_text("بستن").click()
        try:
            picker.wait_for(state="hidden", timeout=3_000)
        except Exception:  # noqa: BLE001 - Playwright's timeout: click again
            continue
    assert not picker.is_visible(), "the picker did not close after three clicks on its close button"


def test_the_date_box_keeps_persian_digits_through_the_picker_and_typing(new_page, live_server, agreement, rural_staff):
    page = new_page(viewport=PHONE)
    login(page, live_server, rural_staff)
    page.goto(f"{live_server.url}/a/{REFERENCE}/commitments/B5/log/")
    box = "#id_happened_on"
    page.locator(".date-picker-button").wait_for()  # the enhancement has run
    assert PERSIAN_DATE.match(page.input_value(box)), page.input_value(box)  # the prefilled date, as served

    picker = page.locator("jdp-container")
    page.get_by_role("button", name="تقویم: تاریخ انجام کار").click()
    picker.wait_for(state="visible")
    picker.locator(".jdp-day:not(.disabled-day):not(.not-in-month)").first.click()
    assert not picker.is_visible()
    assert PERSIAN_DATE.match(page.input_value(box)), page.input_value(box)  # a picked day

    page.get_by_role("button", name="تقویم: تاریخ انجام کار").click()
    picker.wait_for(state="visible")
    close(picker)  # closed without a pick
    assert PERSIAN_DATE.match(page.input_value(box)), page.input_value(box)

    for typed in ("1398/02/01", "١٣٩٨/٠٢/٠١"):  # Latin and Arabic-Indic digits are accepted and shown in Persian
        page.fill(box, typed)
        page.locator("#id_narrative").focus()
        assert page.input_value(box) == "۱۳۹۸/۰۲/۰۱"
    close(picker)  # if it is showing, it would cover the submit button
    page.select_option("#id_reported_status", "in_progress")
    page.fill("#id_narrative", "کار انجام شد")
    with page.expect_navigation():
        page.click("form.entry-form button[type=submit]")
    assert str(ProgressEntry.objects.get().happened_on) == "2019-04-21"
