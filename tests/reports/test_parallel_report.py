"""A report laid out in parallel processes and joined (issue 11, point 4) reads exactly as the same
report built in one process: every page numbered «صفحه N از M» / "Page N of M", the bookmarks in
order on the right pages, the attached files, the metadata and the tags of a PDF/A-3a.

Each language is built once per module both ways (Persian in three parts, English in two, as the
job does on two CPUs), inside a transaction that is rolled back afterwards.
"""

import io
import re
import subprocess

import pytest
from pypdf import PdfReader

from agreement.pdf.parallel import PartFailed, parts_to_pdf
from reports import render as render_module
from reports.jobs import run
from reports.models import ReportJob
from reports.render import PARALLEL_FROM_PAGES, Block, Stamp, blocks_of, render_html, render_pdf, split
from reports.snapshot import build_snapshot
from tests.reports.conftest import (
    QUARTER,
    assert_tagged_pdfa3a,
    needs_poppler,
    pdf_text,
    rolled_back_scenario,
    squash,
    structure_types,
)

pytestmark = pytest.mark.django_db
PARTS = {"fa": 3, "en": 2}
PERSIAN_DIGITS = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")


@pytest.fixture(scope="module")
def built(django_db_setup, django_db_blocker):
    """{language: {"single": bytes, "parallel": bytes}} for the 1403-Q3 scenario's draft."""
    built = {}
    with rolled_back_scenario(django_db_blocker) as agreement:
        for language, parts in PARTS.items():
            snapshot = build_snapshot(agreement, QUARTER, language)
            assert len(split(blocks_of(snapshot), parts)) == parts
            built[language] = {
                "single": render_pdf(snapshot, Stamp(draft=True)),
                "parallel": render_pdf(snapshot, Stamp(draft=True), processes=parts),
            }
    return built


def page_text(pdf: bytes, number: int) -> str:
    result = subprocess.run(
        ["pdftotext", "-f", str(number), "-l", str(number), "-enc", "UTF-8", "-", "-"],
        input=pdf,
        capture_output=True,
        check=True,
    )
    return squash(result.stdout.decode("utf-8"))


def comparable(text: str, language: str) -> str:
    return re.sub("[A-Za-z0-9:\u0654]", "", squash(text)) if language == "fa" else squash(text)


def sheet_rows(xlsx: bytes) -> list[tuple]:
    from openpyxl import load_workbook

    return list(load_workbook(io.BytesIO(xlsx), read_only=True).active.iter_rows(values_only=True))


def outline(pdf: bytes) -> list[tuple[int, str, int]]:
    """(depth, title, page index) of every bookmark, in order."""
    reader = PdfReader(io.BytesIO(pdf))

    def walk(items, depth):
        for item in items:
            if isinstance(item, list):
                yield from walk(item, depth + 1)
            else:
                yield depth, item.title, reader.get_destination_page_number(item)

    return list(walk(reader.outline, 0))


@needs_poppler
@pytest.mark.parametrize("language", ["fa", "en"])
def test_every_page_of_the_joined_report_says_which_page_of_how_many(built, language):
    pdf = built[language]["parallel"]
    total = len(PdfReader(io.BytesIO(pdf)).pages)
    assert total == len(PdfReader(io.BytesIO(built[language]["single"])).pages) > PARTS[language]
    for number in range(1, total + 1):
        expected = f"صفحه{number}از{total}".translate(PERSIAN_DIGITS) if language == "fa" else f"Page{number}of{total}"
        assert expected in page_text(pdf, number), number


@needs_poppler
@pytest.mark.parametrize("language", ["fa", "en"])
def test_the_joined_report_has_the_single_builds_text_page_by_page(built, language):
    single, parallel = built[language]["single"], built[language]["parallel"]
    assert pdf_text(parallel) == pdf_text(single)


@needs_poppler
@pytest.mark.parametrize("language", ["fa", "en"])
def test_the_bookmarks_are_in_order_and_point_at_their_headings(built, language):
    single, parallel = built[language]["single"], built[language]["parallel"]
    marks = outline(parallel)
    assert marks == outline(single)
    pages = [page for _depth, _title, page in marks]
    assert pages == sorted(pages) and pages[-1] == len(PdfReader(io.BytesIO(parallel)).pages) - 1
    assert {depth for depth, _title, _page in marks} == {0, 1}
    for _depth, title, page in marks:
        # pdftotext moves the hamza of «سه‌ماههٔ» and Latin runs such as "A:" (PERSIAN.md): compare without them.
        assert comparable(title, language) in comparable(page_text(parallel, page + 1), language)


@pytest.mark.parametrize("language", ["fa", "en"])
def test_the_attached_files_and_the_metadata_are_the_single_builds(built, language):
    single, parallel = (PdfReader(io.BytesIO(built[language][way])) for way in ("single", "parallel"))
    files = {name: content[0] for name, content in parallel.attachments.items()}
    assert files.keys() == single.attachments.keys() and len(files) == 2
    # The CSV byte for byte; the XLSX (its zip stamps each build) by its cells.
    csv_name = next(name for name in files if name.endswith(".csv"))
    assert files[csv_name] == single.attachments[csv_name][0]
    xlsx_name = next(name for name in files if name.endswith(".xlsx"))
    assert sheet_rows(files[xlsx_name]) == sheet_rows(single.attachments[xlsx_name][0])
    assert parallel.metadata == single.metadata
    assert parallel.xmp_metadata.dc_title == single.xmp_metadata.dc_title


@pytest.mark.parametrize("language", ["fa", "en"])
def test_the_joined_report_is_tagged_like_the_single_one(built, language):
    single, parallel = built[language]["single"], built[language]["parallel"]
    assert_tagged_pdfa3a(parallel, language)
    assert structure_types(parallel) == structure_types(single)
    reader = PdfReader(io.BytesIO(parallel))
    assert [page["/StructParents"] for page in reader.pages] == list(range(len(reader.pages)))
    parent_tree = reader.trailer["/Root"]["/StructTreeRoot"]["/ParentTree"]["/Nums"]
    single_tree = PdfReader(io.BytesIO(single)).trailer["/Root"]["/StructTreeRoot"]["/ParentTree"]["/Nums"]
    # Each page's marked content maps to as many structure elements as in the single build.
    assert [len(value) for value in parent_tree[1::2]] == [len(value) for value in single_tree[1::2]]


def test_the_blocks_are_shared_in_order_with_the_longest_part_as_short_as_can_be():
    blocks = [Block(kind, pages) for kind, pages in [("a", 1), ("b", 2), ("c", 7), ("d", 1), ("e", 1), ("f", 4)]]
    parts = split(blocks, 2)
    assert [b.kind for part in parts for b in part] == list("abcdef")
    assert [sum(b.pages for b in part) for part in parts] == [10, 6]
    assert [[b.kind for b in part] for part in split(blocks, 3)] == [["a", "b"], ["c"], ["d", "e", "f"]]
    assert split(blocks, 1) == [blocks] and len(split(blocks[:2], 5)) == 2


def test_a_short_report_is_built_in_one_process(monkeypatch):
    monkeypatch.setattr(render_module, "PARALLEL_FROM_PAGES", 10_000)
    called = []
    monkeypatch.setattr("agreement.pdf.parallel.parts_to_pdf", lambda *args, **kwargs: called.append(args))
    snapshot = {"language": "en"}
    monkeypatch.setattr(render_module, "blocks_of", lambda snapshot: [Block("cover", 1), Block("closing", 1)])
    monkeypatch.setattr(render_module, "entry_files", lambda snapshot: [])
    monkeypatch.setattr(render_module, "render_html", lambda snapshot, stamp, blocks: '<html lang="en"><p>short</p>')
    assert render_pdf(snapshot, Stamp(), processes=2).startswith(b"%PDF")
    assert called == [] and PARALLEL_FROM_PAGES < 20


def test_the_report_job_lays_the_report_out_with_the_configured_processes(
    agreement, quarter_data, monitor, monkeypatch, settings
):
    settings.PEYMAN_REPORT_PROCESSES = 2
    seen = []
    real_render = render_module.render_pdf

    def render(snapshot, stamp, **options):
        seen.append(options)
        return real_render(snapshot, stamp, **options)

    monkeypatch.setattr("reports.issue.render_pdf", render)
    job = ReportJob.objects.create(
        agreement=agreement, kind="preview", year=1403, quarter=3, language="fa", requested_by=monitor
    )
    assert run(job.pk) == "done"
    assert seen == [{"processes": 2}]
    job.refresh_from_db()
    assert len(PdfReader(job.draft.open("rb")).pages) > 2


def test_a_part_that_fails_fails_the_build_with_its_reason(agreement):
    html = render_html(build_snapshot(agreement, QUARTER, "en"), Stamp(), [Block("closing", 1)])
    broken = html.replace("</body>", '<img src="https://example.org/x.png"></body>')
    with pytest.raises(PartFailed, match="ForbiddenResource"):
        parts_to_pdf([html, broken])
