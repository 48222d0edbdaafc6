"""How values reach a reader: the one home for numbers, dates, codes, lists and people's names.

Pages (through the `peyman` template filters), e-mails, exports, charts and PDFs all call these
functions, so a number or a date reads the same wherever it is shown: Persian digits and the Jalali
calendar in `fa`, Latin digits and ISO dates in `en`. Whether the reader reads Persian and the
digit tables themselves live one level down, in `agreement.persian`.
"""

import datetime as dt
import re
from decimal import Decimal

from django.utils import numberformat, timezone

from agreement.jalali import format_jalali
from agreement.persian import readers_digits, reading_persian


def readers_number_text(text: str) -> str:
    """A number already written with ',' and '.' ('1,234.5') as the reader writes it: «۱٬۲۳۴٫۵» in `fa`."""
    if reading_persian():
        return readers_digits(text.replace(",", "٬").replace(".", "٫"))
    return text


def plain_number(value) -> str:
    """A number as it is, without grouping (a Decimal without its trailing zeros), in the reader's digits."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        value = f"{value.normalize():f}"
    return readers_digits(value)


def grouped_number(value, decimals: int = 0) -> str:
    """A grouped number (1,234 / ۱٬۲۳۴) in the reader's digits."""
    if value in (None, ""):
        return ""
    # Grouped by threes whatever NUMBER_GROUPING says: Django's number_format skips grouping while
    # that setting is 0 (its default), even with force_grouping, and printed 3986 as «۳۹۸۶».
    text = numberformat.format(value, ".", decimal_pos=decimals, grouping=3, thousand_sep=",", force_grouping=True)
    return readers_number_text(text)


def quantity(value) -> str:
    """A grouped quantity with only the decimals it needs: 41.00 -> ۴۱, 12.50 -> ۱۲٫۵."""
    if value in (None, ""):
        return ""
    value = Decimal(value).normalize()
    decimals = max(0, -int(value.as_tuple().exponent))
    return grouped_number(value, decimals)


def percent(value) -> str:
    if value in (None, ""):
        return ""
    return f"{grouped_number(value)}٪" if reading_persian() else f"{value}%"


def file_size(value) -> str:
    """Bytes as KB or MB, in the reader's digits."""
    if value is None:
        return ""
    value = int(value)
    if value < 1024 * 1024:
        return f"{grouped_number(max(1, round(value / 1024)))} KB"
    return f"{grouped_number(round(value / (1024 * 1024), 1), 1)} MB"


_NUMERIC_CODE = re.compile(r"^[0-9]+(?:[-/][0-9]+)*$")


def display_number(value) -> str:
    """The one way a generated number reaches a reader: a decision's «1405-1-4», a meeting's «2/1405», a
    row number, in Persian digits in `fa`. A code with letters («B5», «ISO 14001») is left as typed."""
    text = "" if value is None else str(value)
    if _NUMERIC_CODE.match(text):
        return readers_digits(text)
    return text


def list_separator() -> str:
    """«، » between the items of a Persian list, ", " in English."""
    return "، " if reading_persian() else ", "


def reader_date(value, style: str = "") -> str:
    """A date (or datetime) as people read it: Jalali with Persian digits in `fa`, ISO in `en`.

    `style="long"` writes the month name ("26 آذر 1397" / "17 Dec 2018").
    """
    if value in (None, ""):
        return ""
    if reading_persian():
        return format_jalali(value, long=style == "long")
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
        return value.strftime("%Y-%m-%d %H:%M")
    return value.strftime("%-d %b %Y") if style == "long" else value.isoformat()


def machine_time(value) -> str:
    """A datetime for `<time datetime>`: local time to the second, with its offset.

    Django's `|date:"c"` writes microseconds, which HTML refuses (at most three fraction digits).
    """
    if value in (None, ""):
        return ""
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
        return value.replace(microsecond=0).isoformat()
    return value.isoformat()


def person_name(user) -> str:
    """A person as others read them: their full name, else their username; a dash when no one is
    recorded (data loaded by a script)."""
    if user is None:
        return "—"
    return user.get_full_name() or user.get_username()
