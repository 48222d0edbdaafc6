"""`{% pdf_static 'css/x.css' %}`: a static URL that the PDF fetcher resolves from disk."""

import unicodedata

from django import template

from agreement.pdf.issued import printed_code
from agreement.pdf.static import static_prefix

register = template.Library()
register.filter("printed_code", printed_code)


@register.simple_tag
def pdf_static(path: str) -> str:
    """Never a hashed, collected name: the fetcher reads the source file through the finders."""
    return static_prefix() + path


@register.filter
def text_dir(value) -> str:
    """`rtl` or `ltr` from the text's first strong character (`auto` when it has none).

    People's own text (an assessment, a narrative, the minutes) is in whatever language they typed
    it: Persian text in an English report must still run right to left. Browsers work that out from
    `dir="auto"`; WeasyPrint ignores it, so the direction is set here.
    """
    for char in str(value or ""):
        kind = unicodedata.bidirectional(char)
        if kind in ("R", "AL"):
            return "rtl"
        if kind == "L":
            return "ltr"
    return "auto"
