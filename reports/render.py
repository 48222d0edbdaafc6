"""Render a report snapshot to PDF bytes with WeasyPrint."""

from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils import translation

from agreement.pdf import html_to_pdf
from agreement.pdf.issued import printed_verify_link
from agreement.pdf.seal import SealBox
from reports.attachments import entry_files, file_stem
from reports.report_charts import report_charts

TEMPLATE = "reports/report.html"
# A parallel build pays from about this many pages on (estimated by blocks_of; measured in docs/scale.md).
PARALLEL_FROM_PAGES = 6


@dataclass(frozen=True)
class Stamp:
    """What marks the document as a draft or as one particular issued revision."""

    draft: bool = True
    report_number: str = ""
    verification_code: str = ""
    revision: int = 0
    replaces_number: str = ""
    correction_reason: str = ""
    issued_at: str = ""
    issued_by: str = ""
    # The monitor issued it knowing some commitments were not evaluated (the cover says so).
    unevaluated_acknowledged: bool = False
    # The monitoring party's electronic seal as the cover shows it (None on a draft).
    seal: SealBox | None = None


@dataclass(frozen=True)
class Block:
    """A run of the report that starts on a page of its own: where a parallel build may cut it."""

    kind: str  # cover, summary, section, committee, closing (the appendix and the signatures)
    pages: float  # a rough estimate, to share the work evenly between the parts
    section: dict | None = None


def blocks_of(snapshot: dict) -> list[Block]:
    """The report's blocks in reading order, each with an estimate of its pages."""
    summary = snapshot["summary"]
    blocks = [
        Block("cover", 1),
        Block("summary", 2 + (len(summary["overdue"]) + len(summary["stale"])) / 30),
    ]
    # Two commitments a page (docs/scale.md); a section starts on a new page.
    blocks += [Block("section", 0.5 + len(s["commitments"]) / 2, section=s) for s in snapshot["sections"]]
    if committee := snapshot.get("committee"):
        blocks.append(Block("committee", 1 + (len(committee["meetings"]) + len(committee["open_decisions"])) / 15))
    blocks.append(Block("closing", 1 + len(snapshot["appendix"]) / 20))
    return blocks


def _context(snapshot: dict) -> dict:
    return {
        "report": snapshot,
        "charts": report_charts(snapshot),
        "rtl": translation.get_language_bidi(),
        "language": snapshot["language"],
        "verify_link": printed_verify_link(),
        "attachment_names": [f"{file_stem(snapshot)}.{suffix}" for suffix in ("csv", "xlsx")],
    }


def render_html(snapshot: dict, stamp: Stamp, blocks: list[Block] | None = None) -> str:
    """The whole report's HTML, or a part of it (`blocks`) with the same head and page rules."""
    with translation.override(snapshot["language"]):
        context = {**_context(snapshot), "stamp": stamp, "blocks": blocks_of(snapshot) if blocks is None else blocks}
        return render_to_string(TEMPLATE, context)


def render_pdf(snapshot: dict, stamp: Stamp, *, processes: int = 1) -> bytes:
    """The PDF for a snapshot: DRAFT on every page unless the stamp is an issued revision's, with
    the quarter's full entry lists embedded as CSV and XLSX files.

    With `processes` above 1 and a report long enough for it to pay, its blocks are shared between
    that many processes laid out at once (agreement.pdf.parallel); the pages are the same.
    """
    blocks = blocks_of(snapshot)
    attachments = entry_files(snapshot)
    parts = split(blocks, processes) if sum(b.pages for b in blocks) >= PARALLEL_FROM_PAGES else [blocks]
    if len(parts) == 1:
        return html_to_pdf(render_html(snapshot, stamp, blocks), attachments=attachments)
    from agreement.pdf.parallel import parts_to_pdf

    with translation.override(snapshot["language"]):
        context = {**_context(snapshot), "stamp": stamp}
        htmls = [render_to_string(TEMPLATE, {**context, "blocks": part}) for part in parts]
    return parts_to_pdf(htmls, attachments=attachments)


def split(blocks: list[Block], parts: int) -> list[list[Block]]:
    """The blocks in at most `parts` runs, in order, the longest run (in estimated pages) as short as can be."""
    parts = max(1, min(parts, len(blocks)))
    weights = [b.pages for b in blocks]
    # best[k][i]: the smallest longest run when the first i blocks make k runs; cut[k][i]: where the last run starts.
    best = [[float("inf")] * (len(blocks) + 1) for _ in range(parts + 1)]
    cut = [[0] * (len(blocks) + 1) for _ in range(parts + 1)]
    best[0][0] = 0
    for k in range(1, parts + 1):
        for i in range(1, len(blocks) + 1):
            for j in range(k - 1, i):
                longest = max(best[k - 1][j], sum(weights[j:i]))
                if longest < best[k][i]:
                    best[k][i], cut[k][i] = longest, j
    runs: list[list[Block]] = []
    end = len(blocks)
    for k in range(parts, 0, -1):
        runs.insert(0, blocks[cut[k][end] : end])
        end = cut[k][end]
    return [run for run in runs if run]
