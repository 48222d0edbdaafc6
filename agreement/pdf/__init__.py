"""PDF documents from Django templates with WeasyPrint, shared by every area that prints.

The quarterly report (reports) and the joint committee's minutes (committee) go through the same
path: HTML from a template, the app's own static files and fonts (Vazirmatn) fetched from disk and
nothing else, tagged PDF/A-3a output.
"""

import io
import logging
import shutil

from agreement.pdf.static import BASE_URL

# WeasyPrint announces every rendering step at INFO; a server log needs none of that.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)

# PDF/A-3a: the archival form (an issued document still opens the same way in decades), tagged:
# headings, paragraphs, tables and reading order are in the file for screen readers and for
# reflowing on a phone. Tagging costs a few percent of a build (docs/scale.md).
PDF_VARIANT = "pdf/a-3a"


def layout(html: str, variant: str = PDF_VARIANT):
    """The laid-out WeasyPrint document (its pages and boxes); any URL outside the static files stops it."""
    # Imported here: WeasyPrint takes a second to import and most processes never render a PDF.
    from weasyprint import HTML

    from agreement.pdf.fetcher import StaticFilesFetcher

    return HTML(string=html, base_url=BASE_URL, url_fetcher=StaticFilesFetcher()).render(pdf_variant=variant)


def write(document, attachments=(), variant: str = PDF_VARIANT) -> bytes:
    """The PDF bytes of a laid-out document.

    `attachments` are files embedded in the PDF (objects with `name`, `content`, `content_type` and
    `description`): PDF/A-3 allows them, marked as the document's data.
    """
    # Imported here, as in layout(): WeasyPrint takes a second to import.
    from weasyprint import Attachment

    from agreement.pdf.fetcher import StaticFilesFetcher

    embedded = [
        Attachment(
            file_obj=io.BytesIO(item.content),
            name=item.name,
            description=item.description,
            relationship="Data",
            url_fetcher=StaticFilesFetcher(),
        )
        for item in attachments
    ]
    try:
        return document.write_pdf(pdf_variant=variant, attachments=embedded)
    finally:
        release_fonts(document)


def release_fonts(document) -> None:
    """Remove the folder WeasyPrint copied the document's fonts into (/tmp/weasyprint-*) once the
    PDF is written. WeasyPrint removes it only when the font configuration is garbage-collected,
    which a process that ends (a worker, a parallel build's layout process, a script) may never do:
    every report and minutes left about 400 kB of fonts in the temporary folder."""
    font_config = getattr(document, "font_config", None)
    folder = getattr(font_config, "_folder", None)
    if font_config is not None and folder:
        shutil.rmtree(folder, ignore_errors=True)
        font_config._folder = None


def html_to_pdf(html: str, attachments=(), variant: str = PDF_VARIANT) -> bytes:
    """Lay out the HTML and return the PDF bytes (see `layout` and `write`)."""
    return write(layout(html, variant), attachments, variant)
