"""The minutes PDF's polish (issue 12, point 15), as for the quarterly report: tagged PDF/A-3a, no
WeasyPrint warning, no text out of its cell, and the signature lines at one height even when only
one party has approved (its box then holds two more lines than the other's)."""

import datetime as dt
import logging

import pytest

from agreement.pdf import layout
from committee.pdf import Stamp, render_minutes_html, render_minutes_pdf
from committee.services import approve_minutes, write_minutes
from tests.reports.conftest import assert_tagged_pdfa3a, boxes_of_class, text_outside_its_cell


@pytest.fixture
def half_approved(held_meeting, relief_member, relief):
    minutes = write_minutes(meeting=held_meeting, text="جلسه با حضور نمایندگان دو دستگاه برگزار شد.", by=relief_member)
    approve_minutes(minutes=minutes, party=relief, by=relief_member)
    return minutes


@pytest.mark.parametrize("language", ["fa", "en"])
def test_the_minutes_lay_out_cleanly_with_their_signature_lines_at_one_height(half_approved, language, caplog):
    with caplog.at_level(logging.WARNING, logger="weasyprint"):
        document = layout(render_minutes_html(half_approved, language, Stamp()))
    assert [r.getMessage() for r in caplog.records if r.name.startswith("weasyprint")] == []
    assert text_outside_its_cell(document) == []
    lines = boxes_of_class(document, "sign-line")
    assert len(lines) == 2
    assert len({round(box.border_box_y(), 1) for box in lines}) == 1


def test_the_minutes_are_tagged_pdfa_3a(half_approved):
    assert_tagged_pdfa3a(render_minutes_pdf(half_approved, "fa"), "fa")


def test_persian_minutes_text_in_the_english_minutes_runs_right_to_left(half_approved):
    document = layout(render_minutes_html(half_approved, "en", Stamp()))
    assert [box.style["direction"] for box in boxes_of_class(document, "minutes-text")] == ["rtl"]


@pytest.mark.parametrize(("language", "path"), [("fa", "/reports/verify/"), ("en", "/en/reports/verify/")])
def test_the_printed_minutes_name_the_verification_page_with_the_sites_address(settings, half_approved, language, path):
    settings.PEYMAN_SITE_URL = "https://peyman.example.ir"
    stamp = Stamp(
        draft=False,
        document_number="P1-J1403-1-V1-FA",
        verification_code="ABCD-EFGH",
        issued_at=dt.datetime(2024, 10, 1, tzinfo=dt.UTC),
        issued_by="x",
    )
    html = render_minutes_html(half_approved, language, stamp)
    assert f'<span dir="ltr">https://peyman.example.ir{path}</span>' in html
