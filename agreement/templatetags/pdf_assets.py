"""`{% pdf_static 'css/x.css' %}`: a static URL that the PDF fetcher resolves from disk."""

from django import template

from agreement.pdf.static import static_prefix

register = template.Library()


@register.simple_tag
def pdf_static(path: str) -> str:
    """Never a hashed, collected name: the fetcher reads the source file through the finders."""
    return static_prefix() + path
