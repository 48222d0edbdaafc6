"""Jalali (Solar Hijri) dates: parsing what people type, formatting what they read, quarters."""

import datetime as dt
import re
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import jdatetime
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from agreement.persian import BIDI_MARKS, readers_digits, reading_persian, to_latin_digits, to_persian_digits

JALALI_MONTHS_FA = [
    "فروردین",
    "اردیبهشت",
    "خرداد",
    "تیر",
    "مرداد",
    "شهریور",
    "مهر",
    "آبان",
    "آذر",
    "دی",
    "بهمن",
    "اسفند",
]
JALALI_MONTHS_EN = [
    "Farvardin",
    "Ordibehesht",
    "Khordad",
    "Tir",
    "Mordad",
    "Shahrivar",
    "Mehr",
    "Aban",
    "Azar",
    "Dey",
    "Bahman",
    "Esfand",
]
# Parts joined by «/», «-», «.» or the Persian decimal sign «٫» («۱۴۰۳٫۰۲٫۰۵», as a keypad types it).
_DATE_PATTERN = re.compile(r"^\s*([0-9]{4})\s*[-/.٫]\s*([0-9]{1,2})\s*[-/.٫]\s*([0-9]{1,2})\s*$")
_BIDI_TABLE = dict.fromkeys(map(ord, BIDI_MARKS), None)


class DateInputError(ValueError):
    """A date that cannot be read; its message is translated and fit to show a user."""


# The years Peyman accepts anywhere (typed dates, quarters in addresses and filters): wide
# enough for any agreement, narrow enough that every date converts between the calendars and
# every quarter has a next and a previous one (year 1 or 9999 would overflow the conversions).
FIRST_JALALI_YEAR, LAST_JALALI_YEAR = 1300, 1499
FIRST_GREGORIAN_YEAR, LAST_GREGORIAN_YEAR = 1921, 2120


def _check_year(year: int, first: int, last: int) -> None:
    if not first <= year <= last:
        raise DateInputError(
            _("The year must be between %(first)s and %(last)s.")
            % {"first": readers_digits(first), "last": readers_digits(last)}
        )


def _split(text: str) -> tuple[int, int, int]:
    match = _DATE_PATTERN.match(to_latin_digits((text or "").translate(_BIDI_TABLE)))
    if not match:
        raise DateInputError(_("Enter the date as year/month/day, for example 1403/01/15."))
    year, month, day = (int(part) for part in match.groups())
    return year, month, day


def parse_jalali(text: str) -> dt.date:
    """'1403/01/01', '۱۴۰۳-۰۱-۰۱' -> date(2024, 3, 20); a clear error for impossible dates."""
    year, month, day = _split(text)
    if not FIRST_JALALI_YEAR <= year <= LAST_JALALI_YEAR and FIRST_GREGORIAN_YEAR <= year <= LAST_GREGORIAN_YEAR:
        _refuse_gregorian(year, month, day)
    _check_year(year, FIRST_JALALI_YEAR, LAST_JALALI_YEAR)
    if not 1 <= month <= 12:
        raise DateInputError(
            _("There is no month %(month)s: months run from 1 to 12.") % {"month": readers_digits(month)}
        )
    try:
        return jdatetime.date(year, month, day).togregorian()
    except ValueError:
        if month == 12 and day == 30:
            raise DateInputError(
                _("%(year)s is not a leap year: Esfand has 29 days.") % {"year": readers_digits(year)}
            ) from None
        raise DateInputError(
            _("Day %(day)s does not exist in month %(month)s of %(year)s.")
            % {"day": readers_digits(day), "month": readers_digits(month), "year": readers_digits(year)}
        ) from None


def _refuse_gregorian(year: int, month: int, day: int):
    """A Gregorian date typed into a Jalali box: say so, and give the Jalali date when it is one."""
    try:
        jalali = jdatetime.date.fromgregorian(date=dt.date(year, month, day))
    except ValueError:
        raise DateInputError(
            _("%(year)s looks like a Gregorian year: enter the date in the Jalali calendar, for example %(example)s.")
            % {"year": readers_digits(year), "example": readers_digits("1403/01/15")}
        ) from None
    raise DateInputError(
        _("%(typed)s looks like a Gregorian date: in the Jalali calendar it is %(jalali)s.")
        % {
            "typed": readers_digits(f"{year:04d}/{month:02d}/{day:02d}"),
            "jalali": readers_digits(f"{jalali.year:04d}/{jalali.month:02d}/{jalali.day:02d}"),
        }
    )


def parse_gregorian(text: str) -> dt.date:
    year, month, day = _split(text)
    _check_year(year, FIRST_GREGORIAN_YEAR, LAST_GREGORIAN_YEAR)
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise DateInputError(_("%(text)s is not a valid date.") % {"text": text}) from None


def to_jalali(value: dt.date | dt.datetime) -> jdatetime.date:
    if isinstance(value, dt.datetime):
        value = local_date(value)
    return jdatetime.date.fromgregorian(date=value)


def local_date(value: dt.datetime) -> dt.date:
    """The calendar date in the app's time zone (2024-03-19 21:00 UTC is 1403-01-01 in Tehran)."""
    if timezone.is_aware(value):
        value = value.astimezone(ZoneInfo(settings.TIME_ZONE))
    return value.date()


def format_jalali(value: dt.date | dt.datetime | None, *, persian_digits: bool = True, long: bool = False) -> str:
    if value is None:
        return ""
    jdate = to_jalali(value)
    if long:
        text = f"{jdate.day} {JALALI_MONTHS_FA[jdate.month - 1]} {jdate.year}"
    else:
        text = f"{jdate.year:04d}/{jdate.month:02d}/{jdate.day:02d}"
    if isinstance(value, dt.datetime):
        local = timezone.localtime(value) if timezone.is_aware(value) else value
        text += f" {local:%H:%M}"
    return to_persian_digits(text) if persian_digits else text


# Every way we print a quarter, read back: '1403-Q4', '1403Q4', 'Q4 1403', 'Q4-1403', in any digits.
_QUARTER_PATTERNS = [
    re.compile(r"^\s*(?P<year>\d{4})\s*[-/ ]?\s*Q(?P<number>\d)\s*$", re.IGNORECASE),
    re.compile(r"^\s*Q(?P<number>\d)\s*[-/ ]?\s*(?P<year>\d{4})\s*$", re.IGNORECASE),
]
# A quarter object may sit one year past the accepted range (the next of 1499-Q4), never further.
FIRST_YEAR, LAST_YEAR = FIRST_JALALI_YEAR - 1, LAST_JALALI_YEAR + 1


@dataclass(frozen=True, order=True)
class Quarter:
    """A quarter of the Iranian fiscal year: Q1 Farvardin-Khordad ... Q4 Dey-Esfand.

    The one definition: parsing, span, labels, the current quarter and an agreement's quarters.
    """

    year: int
    number: int

    def __post_init__(self):
        if not (1 <= self.number <= 4 and FIRST_YEAR <= self.year <= LAST_YEAR):
            raise DateInputError(_("There is no such quarter: write it as year-Qn, for example 1403-Q3."))

    @classmethod
    def containing(cls, value: dt.date | dt.datetime) -> "Quarter":
        jdate = to_jalali(value)
        return cls(jdate.year, (jdate.month - 1) // 3 + 1)

    @classmethod
    def current(cls, today: dt.date | None = None) -> "Quarter":
        return cls.containing(today or timezone.localdate())

    @classmethod
    def parse(cls, text: str) -> "Quarter":
        """'1403-Q3', 'Q3 1403', '۱۴۰۳-Q۳' -> Quarter(1403, 3); DateInputError otherwise."""
        latin = to_latin_digits(text or "")
        for pattern in _QUARTER_PATTERNS:
            match = pattern.match(latin)
            if match:
                _check_year(int(match.group("year")), FIRST_JALALI_YEAR, LAST_JALALI_YEAR)
                return cls(int(match.group("year")), int(match.group("number")))
        raise DateInputError(_("Write the quarter as year-Qn, for example 1403-Q3."))

    @classmethod
    def of_agreement(cls, agreement, today: dt.date | None = None) -> list["Quarter"]:
        """Every quarter from the one the agreement was signed in to the current one, newest first."""
        first, quarter = cls.containing(agreement.starts_on or agreement.signed_on), cls.current(today)
        quarters = []
        while quarter >= first:
            quarters.append(quarter)
            quarter = quarter.previous()
        return quarters

    @property
    def first_day(self) -> dt.date:
        return jdatetime.date(self.year, (self.number - 1) * 3 + 1, 1).togregorian()

    @property
    def last_day(self) -> dt.date:
        month = self.number * 3
        if month <= 6:
            last = 31
        elif month < 12:
            last = 30
        else:
            last = 30 if jdatetime.date(self.year, 1, 1).isleap() else 29
        return jdatetime.date(self.year, month, last).togregorian()

    def contains(self, day: dt.date) -> bool:
        return self.first_day <= day <= self.last_day

    def has_ended(self, today: dt.date | None = None) -> bool:
        return (today or timezone.localdate()) > self.last_day

    def next(self) -> "Quarter":
        return Quarter(self.year + 1, 1) if self.number == 4 else Quarter(self.year, self.number + 1)

    def previous(self) -> "Quarter":
        return Quarter(self.year - 1, 4) if self.number == 1 else Quarter(self.year, self.number - 1)

    @property
    def label(self) -> str:
        """The one label, in the active language: 'Q3 1403 (Mehr–Azar)' / «سه‌ماهه سوم ۱۴۰۳ (مهر تا آذر)»."""
        first = (self.number - 1) * 3
        if reading_persian():
            ordinals = ["اول", "دوم", "سوم", "چهارم"]
            months = f"{JALALI_MONTHS_FA[first]} تا {JALALI_MONTHS_FA[first + 2]}"
            return to_persian_digits(f"سه‌ماهه {ordinals[self.number - 1]} {self.year} ({months})")
        return f"Q{self.number} {self.year} ({JALALI_MONTHS_EN[first]}–{JALALI_MONTHS_EN[first + 2]})"

    @property
    def short_label(self) -> tuple[str, str]:
        """For chart columns, where the full label does not fit: ('Q3', '1403') / («سه‌ماهه ۳», «۱۴۰۳»)."""
        if reading_persian():
            return to_persian_digits(f"سه‌ماهه {self.number}"), to_persian_digits(str(self.year))
        return f"Q{self.number}", str(self.year)

    def __str__(self) -> str:
        """The code in URLs and files: '1403-Q3'."""
        return f"{self.year}-Q{self.number}"
