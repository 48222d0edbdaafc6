"""The log form's small things (issue 19 point 7), in fa and en: the file input opened by a button in the
page's language (not the browser's English «Choose Files»), with and without JavaScript; the chosen
files listed by name; a percent well below what is verified warned of as it is typed."""

import datetime as dt

import pytest

from tests.browser.helpers import PHONE, login
from tests.factories import decide, make_entry

REFERENCE = "qazvin-ikrc-rural-1397"
CHOOSE = {"fa": "انتخاب پرونده‌ها", "en": "Choose files"}
WARNING = {"fa": "۷۵٪ از این تعهد پیش‌تر تأیید شده است", "en": "75% of this commitment is already verified"}


def _log_url(live_server, language):
    prefix = "" if language == "fa" else "/en"
    return f"{live_server.url}{prefix}/a/{REFERENCE}/commitments/B5/log/"


@pytest.mark.parametrize("language", ["fa", "en"])
@pytest.mark.parametrize("script", [True, False], ids=["js", "no-js"])
def test_the_file_input_is_opened_by_a_button_in_the_pages_language(
    new_page, live_server, rural_staff, language, script
):
    page = new_page(viewport=PHONE, java_script_enabled=script, locale="fa-IR" if language == "fa" else "en-US")
    login(page, live_server, rural_staff, language=language)
    page.goto(_log_url(live_server, language))
    button = page.locator("label.file-button")
    assert button.is_visible() and button.inner_text().strip() == CHOOSE[language]
    box = page.locator("input[type=file]").bounding_box()
    assert box["width"] <= 1 and box["height"] <= 1  # the browser's own button is not shown
    with page.expect_file_chooser() as chooser:
        button.click()
    chooser.value.set_files(
        [
            {"name": "عکس بازدید روستا.png", "mimeType": "image/png", "buffer": b"\x89PNG"},
            {"name": "report-2.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4"},
        ]
    )
    if script:
        names = page.locator("[data-chosen-files] li").all_inner_texts()
        assert names == ["عکس بازدید روستا.png", "report-2.pdf"]


@pytest.mark.parametrize("language", ["fa", "en"])
def test_a_percent_well_below_what_is_verified_is_warned_of_as_it_is_typed(
    new_page, live_server, rural_staff, monitor, commitment, language
):
    decide(make_entry(commitment("B5"), rural_staff, happened_on=dt.date(2024, 8, 1), percent_complete=75), monitor)
    page = new_page(locale="fa-IR" if language == "fa" else "en-US")
    login(page, live_server, rural_staff, language=language)
    page.goto(_log_url(live_server, language))
    warning = page.locator("[data-below-verified]")
    assert not warning.is_visible()
    page.fill("#id_percent_complete", "۴۰" if language == "fa" else "40")
    assert warning.is_visible() and WARNING[language] in warning.inner_text()
    page.fill("#id_percent_complete", "70")
    assert not warning.is_visible()


@pytest.mark.parametrize("language", ["fa", "en"])
def test_the_field_page_file_input_is_opened_by_a_button_in_the_pages_language(
    new_page, live_server, rural_staff, language
):
    """The field page had its own label already; its hidden input still took the row's width (a 294 px
    invisible box a tap could land on), now 1 px like the log form's."""
    prefix = "" if language == "fa" else "/en"
    page = new_page(viewport=PHONE, locale="fa-IR" if language == "fa" else "en-US")
    login(page, live_server, rural_staff, language=language)
    page.goto(f"{live_server.url}{prefix}/field/")
    page.wait_for_selector("[data-field-form]:not([hidden])")  # shown once the field kit has loaded
    button = page.locator("label.file-button")
    expected = {"fa": "عکس بگیرید یا پرونده برگزینید", "en": "Take a photo or choose files"}[language]
    assert button.is_visible() and button.inner_text().strip() == expected
    box = page.locator("input[type=file]").bounding_box()
    assert box["width"] <= 1 and box["height"] <= 1
    with page.expect_file_chooser():
        button.click()
