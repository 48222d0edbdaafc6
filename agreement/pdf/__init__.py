"""PDF documents from Django templates with WeasyPrint, shared by every area that prints.

The quarterly report (reports) and the joint committee's minutes (committee) go through the same
path: HTML from a template, the app's own static files and fonts (Vazirmatn) fetched from disk and
nothing else, PDF/A-3b output.
"""

import logging

from agreement.pdf.static import BASE_URL

# WeasyPrint announces every rendering step at INFO; a server log needs none of that.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)

# PDF/A-3b: the archival form, so that an issued document still opens the same way in decades.
PDF_VARIANT = "pdf/a-3b"


def html_to_pdf(html: str) -> bytes:
    """Lay out the HTML and return the PDF bytes; any URL outside the static files stops the build."""
    # Imported here: WeasyPrint takes a second to import and most processes never render a PDF.
    from weasyprint import HTML

    from agreement.pdf.fetcher import StaticFilesFetcher

    document = HTML(string=html, base_url=BASE_URL, url_fetcher=StaticFilesFetcher())
    return document.write_pdf(pdf_variant=PDF_VARIANT)
