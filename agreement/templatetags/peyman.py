"""Template filters for Persian-first display: Jalali dates and Persian digits in `fa`."""

import datetime as dt
from decimal import Decimal

from django import template
from django.utils import numberformat
from django.utils.translation import get_language

from agreement.jalali import format_jalali
from agreement.persian import display_number, list_separator, to_persian_digits

register = template.Library()


def is_persian() -> bool:
    return (get_language() or "fa").startswith("fa")


@register.filter
def jdate(value, style: str = ""):
    """A date (or datetime) as people read it: Jalali with Persian digits in `fa`, ISO in `en`.

    `|jdate:"long"` writes the month name ("26 آذر 1397" / "17 Dec 2018").
    """
    if value in (None, ""):
        return ""
    if is_persian():
        return format_jalali(value, long=style == "long")
    if isinstance(value, dt.datetime):
        from django.utils import timezone

        value = timezone.localtime(value) if timezone.is_aware(value) else value
        return value.strftime("%Y-%m-%d %H:%M")
    return value.strftime("%-d %b %Y") if style == "long" else value.isoformat()


@register.filter
def machine_time(value):
    """A datetime for `<time datetime>`: local time to the second, with its offset.

    Django's `|date:"c"` writes microseconds, which HTML refuses (at most three fraction digits).
    """
    if value in (None, ""):
        return ""
    if isinstance(value, dt.datetime):
        from django.utils import timezone

        value = timezone.localtime(value) if timezone.is_aware(value) else value
        return value.replace(microsecond=0).isoformat()
    return value.isoformat()


@register.filter
def pdigits(value):
    """Persian digits in `fa` (numbers only; do not pass codes such as 'ISO 14001')."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        value = value.normalize()
        value = f"{value:f}"
    text = str(value)
    return to_persian_digits(text) if is_persian() else text


@register.filter
def pnumber(value, decimals: int = 0):
    """A grouped number (1,234 / ۱٬۲۳۴) in the reader's digits."""
    if value in (None, ""):
        return ""
    # Grouped by threes whatever NUMBER_GROUPING says: Django's number_format skips grouping while
    # that setting is 0 (its default), even with force_grouping, and printed 3986 as «۳۹۸۶».
    text = numberformat.format(value, ".", decimal_pos=decimals, grouping=3, thousand_sep=",", force_grouping=True)
    if is_persian():
        return to_persian_digits(text.replace(",", "٬").replace(".", "٫"))
    return text


@register.filter
def pcode(value):
    """A number made only of digits and separators (a decision's «1405-1-4», a meeting's «2/1405») in
    the reader's digits; a code with letters («B5», «ISO 14001») stays as it is."""
    return display_number(value)


@register.filter
def plist(values):
    """Items joined the way the reader's language does: «B1، B2» in Persian, "B1, B2" in English."""
    return list_separator().join(str(value) for value in values)


@register.filter
def percent(value):
    if value in (None, ""):
        return ""
    return f"{pnumber(value)}٪" if is_persian() else f"{value}%"


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
    return "rtl" if is_persian() else "ltr"
