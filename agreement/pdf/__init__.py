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


def html_to_pdf(html: str, attachments=()) -> bytes:
    """Lay out the HTML and return the PDF bytes; any URL outside the static files stops the build.

    `attachments` are files embedded in the PDF (objects with `name`, `content`, `content_type` and
    `description`): PDF/A-3 allows them, marked as the document's data.
    """
    # Imported here: WeasyPrint takes a second to import and most processes never render a PDF.
    import io

    from weasyprint import HTML, Attachment

    from agreement.pdf.fetcher import StaticFilesFetcher

    fetcher = StaticFilesFetcher()
    document = HTML(string=html, base_url=BASE_URL, url_fetcher=fetcher)
    embedded = [
        Attachment(
            file_obj=io.BytesIO(item.content),
            name=item.name,
            description=item.description,
            relationship="Data",
            url_fetcher=fetcher,
        )
        for item in attachments
    ]
    return document.write_pdf(pdf_variant=PDF_VARIANT, attachments=embedded)
