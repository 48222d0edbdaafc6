"""Template filters for Persian-first display: each is a function of `agreement.formatting`, where
Python code (e-mails, exports, charts, PDFs) calls the same thing."""

from django import template

from agreement import formatting
from agreement.links import kept_reverse
from agreement.persian import reading_persian

register = template.Library()

register.filter("jdate", formatting.reader_date)
register.filter("machine_time", formatting.machine_time)
register.filter("pdigits", formatting.plain_number)
register.filter("pnumber", formatting.grouped_number)
register.filter("pcode", formatting.display_number)
register.filter("percent", formatting.percent)
# {% kept_url "name" arg ... %}: {% url %} remembered per process (agreement.links), for links in long lists.
register.simple_tag(kept_reverse, name="kept_url")
register.filter("person", formatting.person_name)


@register.filter
def plist(values):
    """Items joined the way the reader's language does: «B1، B2» in Persian, "B1, B2" in English."""
    return formatting.list_separator().join(str(value) for value in values)


@register.filter
def fill(value) -> str:
    """The class that draws a bar `value` percent long (fill-0 … fill-100, see peyman.css).

    A class, not a style attribute: the Content-Security-Policy refuses inline styles.
    """
    try:
        number = round(float(value))
    except (TypeError, ValueError):
        number = 0
    return f"fill-{min(100, max(0, number))}"


@register.simple_tag
def text_dir():
    return "rtl" if reading_persian() else "ltr"
