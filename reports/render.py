"""Render a report snapshot to PDF bytes with WeasyPrint."""

from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils import translation

from agreement.pdf import html_to_pdf
from reports.attachments import entry_files, file_stem
from reports.report_charts import report_charts

TEMPLATE = "reports/report.html"


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


def render_html(snapshot: dict, stamp: Stamp) -> str:
    language = snapshot["language"]
    with translation.override(language):
        return render_to_string(
            TEMPLATE,
            {
                "report": snapshot,
                "charts": report_charts(snapshot),
                "stamp": stamp,
                "rtl": translation.get_language_bidi(),
                "language": language,
                "attachment_names": [f"{file_stem(snapshot)}.{suffix}" for suffix in ("csv", "xlsx")],
            },
        )


def render_pdf(snapshot: dict, stamp: Stamp) -> bytes:
    """The PDF for a snapshot: DRAFT on every page unless the stamp is an issued revision's, with
    the quarter's full entry lists embedded as CSV and XLSX files."""
    return html_to_pdf(render_html(snapshot, stamp), attachments=entry_files(snapshot))
