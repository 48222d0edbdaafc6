"""Filters for the PDF report, whose data comes from a JSON snapshot (dates as ISO strings)."""

import datetime as dt
from decimal import Decimal

from django import template

from agreement.formatting import file_size, grouped_number, reader_date
from agreement.jalali import JALALI_MONTHS_EN, Quarter, to_jalali
from agreement.pdf.static import static_prefix
from agreement.persian import readers_digits, reading_persian
from agreement.templatetags.pdf_assets import text_dir

register = template.Library()
register.filter("text_dir", text_dir)


def _parse(value):
    if value in (None, ""):
        return None
    if isinstance(value, dt.date):
        return value
    return dt.datetime.fromisoformat(value) if "T" in value else dt.date.fromisoformat(value)


@register.filter
def rdate(value, style: str = ""):
    """An ISO date from the snapshot in the reader's calendar: Jalali in `fa`, Gregorian in `en`."""
    return reader_date(_parse(value), style)


@register.filter
def both_calendars(value):
    """For the cover: the reader's calendar first, the other one after it in brackets."""
    day = _parse(value)
    if day is None:
        return ""
    if isinstance(day, dt.datetime):
        day = to_jalali(day).togregorian()
    jalali = to_jalali(day)
    if reading_persian():
        gregorian = readers_digits(f"{day:%Y/%m/%d}")
        return f"{reader_date(day, 'long')} ({gregorian})"
    return f"{day.day} {day:%B %Y} ({jalali.day} {JALALI_MONTHS_EN[jalali.month - 1]} {jalali.year})"


@register.filter
def quarter_name(quarter: dict) -> str:
    """A snapshot's quarter ({"year", "number"}) by the one label (agreement.jalali.Quarter.label)."""
    return Quarter(quarter["year"], quarter["number"]).label


@register.filter
def amount(value):
    """A decimal string from the snapshot, grouped, in the reader's digits."""
    if value in (None, ""):
        return ""
    number = Decimal(value)
    return grouped_number(number, 0 if number == number.to_integral() else 2)


@register.filter
def signed_percent(value):
    """'+12%' / '۱۲+٪' for a change in percentage points; the sign stays with the number."""
    sign = "+" if value > 0 else "−" if value < 0 else ""
    text = f"{sign}{abs(value)}"
    return f"{readers_digits(text)}٪" if reading_persian() else f"{text}%"


@register.filter
def css_string(value) -> str:
    """A value as the inside of a CSS string literal."""
    return str(value).replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ")


register.filter("filesize", file_size)


@register.simple_tag
def pdf_static(path: str) -> str:
    """A static URL the report's fetcher resolves from disk (never a hashed, collected name)."""
    return static_prefix() + path
