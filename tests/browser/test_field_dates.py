"""The field page's date of the work, offline: Jalali in Persian (any digits, / - . ٫), Gregorian in
English, read by the server's rules in the browser (static/js/jalali.js) and picked with the app's
own Jalali picker, all from the worker's cache (issue 22)."""

import datetime as dt
import re

import jdatetime

from obligations.models import ProgressEntry
from tests.browser.helpers import PHONE, axe_violations
from tests.browser.test_date_digits import close
from tests.browser.test_field_logging import B5, prepare, wait_for_state

PERSIAN_DATE = re.compile(r"^[۰-۹]{4}/[۰-۹]{2}/[۰-۹]{2}$")


def kept_dates(page) -> list[str]:
    return page.evaluate("async () => (await window.peymanField.records()).map((r) => r.fields.happened_on)")


def save(page, narrative: str):
    page.select_option("#field-commitment", B5)
    page.fill("#field-narrative", narrative)
    page.click("[data-field-form] button[type=submit]")


def test_the_browsers_calendar_arithmetic_is_jdatetimes_for_every_month_of_1300_to_1499(page, live_server):
    page.goto(f"{live_server.url}/accounts/login/")  # any page: base.html loads static/js/jalali.js
    cases = []
    for year in range(1300, 1500):
        for month in range(1, 13):
            last = 31 if month <= 6 else 30 if month <= 11 else 30 if jdatetime.date(year, 1, 1).isleap() else 29
            for day in (1, last):
                cases.append([year, month, day, jdatetime.date(year, month, day).togregorian().isoformat()])
    wrong = page.evaluate(
        """(cases) => cases.filter(([y, m, d, iso]) => {
            const back = window.peymanDates.toJalali(iso);
            const there = window.peymanDates.toGregorian(y, m, d);
            return there !== iso || back.year !== y || back.month !== m || back.day !== d;
        })""",
        cases,
    )
    assert len(cases) == 4800 and wrong == []


def test_the_browser_refuses_what_the_server_refuses_with_the_same_reason(page, live_server):
    page.goto(f"{live_server.url}/accounts/login/")
    read = page.evaluate(
        """() => ["۱۴۰۳٫۰۱٫۱۵", "١٤٠٣/١/١٥", "1403.1.15", "1402/12/30", "1403/13/01", "1403/07/31", "2024-04-03",
                  "12/04/1403", "1299/12/29"].map((text) => window.peymanDates.parse(text, true))"""
    )
    assert [item.get("iso") or item["error"] for item in read] == [
        "2024-04-03",
        "2024-04-03",
        "2024-04-03",
        "leap",
        "month",
        "day",
        "gregorian_date",
        "format",
        "year",
    ]
    english = page.evaluate(
        """(texts) => texts.map((text) => window.peymanDates.parse(text, false))""",
        ["2024-04-03", "1403/01/15", "2024-02-30", "2024/4/3"],
    )
    assert [item.get("iso") or item["error"] for item in english] == [
        "2024-04-03",
        "2024-04-03",
        "invalid",
        "2024-04-03",
    ]


def test_offline_in_persian_a_jalali_date_is_typed_in_any_digits_or_picked_and_sent_as_the_day_it_names(
    new_page, live_server, rural_staff, screenshot
):
    page = new_page(viewport=PHONE)
    prepare(page, live_server, rural_staff)
    page.context.set_offline(True)
    page.reload()  # the kept page, its scripts and the picker from the worker's cache
    page.wait_for_selector(f"[data-field-form]:not([hidden]) option[value='{B5}']", state="attached")
    box = "#field-happened-on"
    today = jdatetime.date.today()
    assert page.input_value(box) == today.strftime("%Y/%m/%d").translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"))

    page.fill(box, "2025-04-30")  # a Gregorian date in the Jalali box: told, with the Jalali day, nothing kept
    save(page, "تاریخ میلادی")
    error = page.inner_text("[data-field-form-error]")
    assert "میلادی" in error and "۱۴۰۴/۰۲/۱۰" in error, error
    assert kept_dates(page) == []

    page.fill(box, "۱۴۰۴٫۰۲٫۱۰")  # Persian digits, the keypad's decimal sign between the parts
    page.locator("#field-narrative").focus()
    assert "۱۰ اردیبهشت ۱۴۰۴" in page.inner_text("[data-field-date-shown]")
    save(page, "ارقام فارسی")
    page.wait_for_function("async () => (await window.peymanField.records()).length === 1")
    page.fill(box, "1398/2/1")  # Latin digits, no leading zeros: shown again in Persian
    page.locator("#field-narrative").focus()
    assert page.input_value(box) == "۱۳۹۸/۰۲/۰۱"
    save(page, "ارقام لاتین")
    page.wait_for_function("async () => (await window.peymanField.records()).length === 2")

    picker = page.locator("jdp-container")
    page.get_by_role("button", name="تقویم: تاریخ انجام کار").click()
    picker.wait_for(state="visible")
    screenshot(page, "field-picker-offline-fa")
    picker.locator(".jdp-day:not(.disabled-day):not(.not-in-month)").first.click()
    close(picker)
    picked = page.input_value(box)
    assert PERSIAN_DATE.match(picked), picked
    save(page, "از تقویم")
    page.wait_for_function("async () => (await window.peymanField.records()).length === 3")
    picked_iso = (
        jdatetime.datetime.strptime(picked.translate(str.maketrans("۰۱۲۳۴۵۶۷۸۹", "0123456789")), "%Y/%m/%d")
        .togregorian()
        .date()
    )
    assert sorted(kept_dates(page)) == sorted(["2025-04-30", "2019-04-21", picked_iso.isoformat()])
    assert axe_violations(page) == []

    page.context.set_offline(False)
    wait_for_state(page, "sent", timeout=20)
    saved = dict(ProgressEntry.objects.values_list("narrative", "happened_on"))
    assert saved == {"ارقام فارسی": dt.date(2025, 4, 30), "ارقام لاتین": dt.date(2019, 4, 21), "از تقویم": picked_iso}


def test_offline_in_english_the_date_is_gregorian_and_a_jalali_year_is_still_read(new_page, live_server, rural_staff):
    page = new_page(viewport=PHONE, locale="en-GB")
    prepare(page, live_server, rural_staff, language="en")
    page.context.set_offline(True)
    box = "#field-happened-on"
    assert page.input_value(box) == dt.date.today().isoformat()
    assert page.locator(".date-picker-button").count() == 0  # no Jalali picker in English
    page.fill(box, "2025-02-30")
    save(page, "not a day")
    assert "2025-02-30 is not a valid date." in page.inner_text("[data-field-form-error]")
    page.fill(box, "2025-04-30")
    save(page, "gregorian")
    page.wait_for_function("async () => (await window.peymanField.records()).length === 1")
    page.fill(box, "1404/02/10")  # as the server reads it in English: a year below 1700 is Solar Hijri
    save(page, "jalali in english")
    page.wait_for_function("async () => (await window.peymanField.records()).length === 2")
    page.fill(box, "2999-01-01")
    save(page, "future")
    assert "The year must be between 1921 and 2120." in page.inner_text("[data-field-form-error]")
    tomorrow = dt.date.today() + dt.timedelta(days=1)
    page.fill(box, tomorrow.isoformat())
    save(page, "tomorrow")
    assert "cannot be in the future" in page.inner_text("[data-field-form-error]")
    assert kept_dates(page) == ["2025-04-30", "2025-04-30"]
