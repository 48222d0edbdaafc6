"""Draft PDFs read back: Persian in logical order, page numbers, fonts, DRAFT on every page.

Each PDF is built once per module (a build takes a second or two) inside a transaction that
is rolled back afterwards.
"""

import re

import pytest

from reports.issue import draft_pdf
from reports.render import Stamp, render_html
from reports.snapshot import build_snapshot
from tests.reports.conftest import (
    ACCEPTED_NARRATIVE,
    ASSESSMENT,
    AWAITING_NARRATIVE,
    QUARTER,
    RETURNED_COMMENT,
    needs_poppler,
    page_count,
    page_texts,
    pdf_fonts,
    pdf_text,
    plain,
    rolled_back_scenario,
    squash,
)

# Marks the module as using the database, so that the test database exists for the module fixture.
pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def drafts(django_db_setup, django_db_blocker):
    """{'fa': bytes, 'en': bytes, 'html_fa': str, 'snapshot_fa': dict} for the 1403-Q3 scenario."""
    built = {}
    with rolled_back_scenario(django_db_blocker) as agreement:
        for language in ("fa", "en"):
            built[language] = draft_pdf(agreement, QUARTER, language)
        built["snapshot_fa"] = build_snapshot(agreement, QUARTER, "fa")
        built["snapshot_en"] = build_snapshot(agreement, QUARTER, "en")
        built["html_fa"] = render_html(built["snapshot_fa"], Stamp(draft=True))
    return built


@needs_poppler
def test_persian_text_comes_out_in_logical_order(drafts):
    text = squash(pdf_text(drafts["fa"]))
    for expected in [
        "گزارش ارزیابی سه‌ماهه",
        "چکیده مدیریتی",
        plain(ACCEPTED_NARRATIVE),
        plain(AWAITING_NARRATIVE),
        RETURNED_COMMENT,
        "کمیته امداد امام خمینی (ره) استان قزوین",
        "سه‌ماهه سوم",
        "مهر تا آذر",
    ]:
        assert squash(expected) in text, expected


@needs_poppler
def test_persian_pages_are_numbered_in_persian_digits(drafts):
    text = squash(pdf_text(drafts["fa"]))
    pages = page_count(drafts["fa"])
    persian_total = str(pages).translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"))
    assert f"صفحه۱از{persian_total}" in text
    assert f"صفحه۳از{persian_total}" in text
    assert not re.search(r"صفحه[0-9]", text)


@needs_poppler
def test_english_is_ltr_with_gregorian_dates_first(drafts):
    text = pdf_text(drafts["en"])
    assert "Quarterly evaluation report" in text
    assert "Executive summary" in text
    assert "Page 1 of" in text
    # The cover gives the Gregorian date, then the Jalali one in brackets.
    assert "17 December 2018 (26 Azar 1397)" in text
    assert "2024-10-15" in text  # the accepted entry's date, Gregorian
    assert "1403/07/24" not in text


@needs_poppler
def test_vazirmatn_is_embedded_and_no_other_font_is_used(drafts):
    for language in ("fa", "en"):
        fonts = pdf_fonts(drafts[language])
        assert fonts
        assert all(font["embedded"] for font in fonts)
        assert all("Vazirmatn" in font["name"] for font in fonts), fonts


def test_every_page_of_a_draft_says_draft(drafts):
    for language in ("fa", "en"):
        pages = page_texts(drafts[language])
        assert 4 <= len(pages) <= 30
        assert all("DRAFT" in page for page in pages)


def test_the_snapshot_and_html_carry_the_monitors_assessment_and_the_direction(drafts):
    assert 'dir="rtl"' in drafts["html_fa"]
    assert ASSESSMENT in drafts["html_fa"]
    assert "counter(page, persian)" in drafts["html_fa"]


@pytest.mark.parametrize(("language", "path"), [("fa", "/reports/verify/"), ("en", "/en/reports/verify/")])
def test_the_printed_report_names_the_verification_page_with_the_sites_address(drafts, settings, language, path):
    """Paper has no address bar (issue 19 point 7): the note under the signatures gives the full address."""
    settings.PEYMAN_SITE_URL = "https://peyman.example.ir"
    stamp = Stamp(draft=False, report_number="P1-R1403-3-FA", verification_code="ABCDE-FGHJK", revision=1)
    html = render_html(drafts[f"snapshot_{language}"], stamp)
    note = re.search(r'<p class="verification-note">(.*?)</p>', html, re.S).group(1)
    assert f'<span dir="ltr">https://peyman.example.ir{path}</span>' in note and "ABCDE-FGHJK" in note
