"""A written PDF leaves no copy of its fonts in the temporary folder.

WeasyPrint copies a document's @font-face fonts (Vazirmatn) into /tmp/weasyprint-* and removes the
folder only when the font configuration is garbage-collected, which a worker, a parallel build's
layout process or a script that simply ends may never do (the whole suite left about 50 such
folders per run, 400 kB each).
"""

from pathlib import Path

from agreement.pdf import layout, write

HTML = """<!doctype html><html lang="fa" dir="rtl"><head><meta charset="utf-8"><title>آزمایش</title>
<link rel="stylesheet" href="/static/css/minutes-pdf.css"></head>
<body><h1>گزارش فصلی</h1><p>متن ۱۲۳</p></body></html>"""


def test_writing_the_pdf_removes_the_documents_font_folder_even_while_the_document_lives():
    document = layout(HTML)
    folder = Path(document.font_config._folder)
    assert folder.is_dir() and any(folder.iterdir())  # the fonts were copied for this document
    pdf = write(document)
    assert pdf.startswith(b"%PDF")
    assert not folder.exists()  # gone at once, though `document` is still referenced here
