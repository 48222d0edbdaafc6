"""The report's PDF polish (issue 12, point 15): tagged PDF/A-3a, a build that logs no CSS warning,
no text spilling out of its table cell, and the signature lines at one height.

Each language is laid out once per module, through the same `layout` and `write` as every report,
with WeasyPrint's own log captured meanwhile.
"""

import logging

import pytest

from agreement.pdf import layout, write
from agreement.templatetags.pdf_assets import text_dir
from reports.attachments import entry_files
from reports.render import Stamp, render_html
from reports.snapshot import build_snapshot
from tests.reports.conftest import (
    QUARTER,
    assert_tagged_pdfa3a,
    boxes_of_class,
    needs_poppler,
    pdf_text,
    rolled_back_scenario,
    squash,
    text_outside_its_cell,
)

pytestmark = pytest.mark.django_db


class Collected(logging.Handler):
    def __init__(self):
        super().__init__(level=logging.WARNING)
        self.messages = []

    def emit(self, record):
        self.messages.append(record.getMessage())


@pytest.fixture(scope="module")
def built(django_db_setup, django_db_blocker):
    """{language: {"document", "pdf", "warnings"}} for the 1403-Q3 scenario's draft."""
    built = {}
    weasyprint_log = logging.getLogger("weasyprint")
    with rolled_back_scenario(django_db_blocker) as agreement:
        for language in ("fa", "en"):
            snapshot = build_snapshot(agreement, QUARTER, language)
            collected = Collected()
            weasyprint_log.addHandler(collected)
            try:
                document = layout(render_html(snapshot, Stamp(draft=True)))
                pdf = write(document, entry_files(snapshot))
            finally:
                weasyprint_log.removeHandler(collected)
            built[language] = {"document": document, "pdf": pdf, "warnings": collected.messages}
    return built


@pytest.mark.parametrize("language", ["fa", "en"])
def test_a_build_logs_no_warning(built, language):
    # WeasyPrint logged "Invalid media type ' screen and (min-width: 40rem) '" from charts.css on every build.
    assert built[language]["warnings"] == []


@pytest.mark.parametrize("language", ["fa", "en"])
def test_the_report_is_tagged_pdfa_3a(built, language):
    assert_tagged_pdfa3a(built[language]["pdf"], language)


@needs_poppler
def test_the_tagged_report_still_reads_back_in_logical_order(built):
    text = squash(pdf_text(built["fa"]["pdf"]))
    assert squash("گزارش ارزیابی سه‌ماهه") in text and squash("تعهدات راکد") in text


@pytest.mark.parametrize("language", ["fa", "en"])
def test_no_text_spills_out_of_its_table_cell(built, language):
    # The stale commitments' "Last entry logged" heading ran past the table's edge (nowrap in 22 mm).
    assert text_outside_its_cell(built[language]["document"]) == []


@pytest.mark.parametrize("language", ["fa", "en"])
def test_both_signature_lines_are_at_one_height(built, language):
    lines = boxes_of_class(built[language]["document"], "line")
    assert len(lines) == 2
    bottoms = {round(box.border_box_y() + box.border_height(), 1) for box in lines}
    assert len(bottoms) == 1, bottoms


def test_persian_text_in_the_english_report_runs_right_to_left(built):
    # WeasyPrint ignores dir="auto": the server sets the direction of people's own text.
    english, persian = (boxes_of_class(built[language]["document"], "assessment") for language in ("en", "fa"))
    assert english and all(box.style["direction"] == "rtl" for box in english)
    assert all(box.style["direction"] == "rtl" for box in persian)
    assert boxes_of_class(built["en"]["document"], "commitment")[0].style["direction"] == "ltr"


@pytest.mark.parametrize(
    ("text", "direction"),
    [
        ("پیشرفت خوب", "rtl"),
        ("Good progress", "ltr"),
        ("B5: گزارش", "ltr"),
        ("۱۲۳ گزارش", "rtl"),
        ("۱۲۳", "auto"),
        ("", "auto"),
    ],
)
def test_the_direction_of_a_text_is_that_of_its_first_strong_character(text, direction):
    assert text_dir(text) == direction
