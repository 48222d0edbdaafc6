"""Render a report snapshot to PDF bytes with WeasyPrint."""

import logging
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils import translation

from reports.report_charts import report_charts
from reports.static import BASE_URL

# WeasyPrint announces every rendering step at INFO; a server log needs none of that.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)

TEMPLATE = "reports/report.html"
# PDF/A-3b: the archival form, so that an issued report still opens the same way in decades.
PDF_VARIANT = "pdf/a-3b"


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
            },
        )


def render_pdf(snapshot: dict, stamp: Stamp) -> bytes:
    """The PDF for a snapshot: DRAFT on every page unless the stamp is an issued revision's."""
    # Imported here: WeasyPrint takes a second to import and most processes never render a PDF.
    from weasyprint import HTML

    from reports.fetcher import StaticFilesFetcher

    html = HTML(string=render_html(snapshot, stamp), base_url=BASE_URL, url_fetcher=StaticFilesFetcher())
    return html.write_pdf(pdf_variant=PDF_VARIANT)
