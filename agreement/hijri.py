"""Hijri (lunar) dates as Iran keeps them: the month starts in HijriMonthStart, the Umm al-Qura arithmetic
(hijridate) only for months the table lacks, and those marked estimated."""

import datetime as dt
from typing import NamedTuple

from hijridate import Gregorian, Hijri

from agreement.models import HijriMonthStart

MONTH_LENGTHS = (29, 30)


class HijriDate(NamedTuple):
    year: int
    month: int
    day: int
    estimated: bool  # the month's first day is not confirmed by an Iranian source


def _next(year: int, month: int) -> tuple[int, int]:
    return (year + 1, 1) if month == 12 else (year, month + 1)


def _previous(year: int, month: int) -> tuple[int, int]:
    return (year - 1, 12) if month == 1 else (year, month - 1)


def arithmetic_month_start(year: int, month: int) -> dt.date | None:
    try:
        return Hijri(year, month, 1).to_gregorian()
    except (ValueError, OverflowError):
        return None  # outside hijridate's range (1343-1500 AH)


class IranHijriCalendar:
    """The table read once (one query); conversions are then pure arithmetic on it."""

    def __init__(self, starts: dict[tuple[int, int], tuple[dt.date, bool]] | None = None):
        if starts is None:
            rows = HijriMonthStart.objects.values_list("hijri_year", "hijri_month", "starts_on", "source_kind")
            starts = {(y, m): (day, kind == HijriMonthStart.Source.ESTIMATED) for y, m, day, kind in rows}
        self.starts = starts

    def month_start(self, year: int, month: int) -> tuple[dt.date, bool] | None:
        """(first day, estimated). A month missing from the table takes the arithmetic date, moved by a
        day where needed so that it and its neighbours from the table stay 29 or 30 days long."""
        if (year, month) in self.starts:
            return self.starts[(year, month)]
        start = arithmetic_month_start(year, month)
        if start is None:
            return None
        previous, following = self.starts.get(_previous(year, month)), self.starts.get(_next(year, month))
        if previous is not None:
            start = min(max(start, previous[0] + dt.timedelta(days=29)), previous[0] + dt.timedelta(days=30))
        if following is not None:
            start = min(max(start, following[0] - dt.timedelta(days=30)), following[0] - dt.timedelta(days=29))
        return start, True

    def month_length(self, year: int, month: int) -> int | None:
        this, following = self.month_start(year, month), self.month_start(*_next(year, month))
        if this is None or following is None:
            return None
        return (following[0] - this[0]).days

    def to_gregorian(self, year: int, month: int, day: int) -> dt.date | None:
        """The day in Iran; a day 30 that the month lacks falls on the 29th."""
        start, length = self.month_start(year, month), self.month_length(year, month)
        if start is None or length is None:
            return None
        return start[0] + dt.timedelta(days=min(day, length) - 1)

    def from_gregorian(self, value: dt.date) -> HijriDate | None:
        try:
            guess = Gregorian(value.year, value.month, value.day).to_hijri()
        except (ValueError, OverflowError):
            return None
        # Iran is at most a day or two from the arithmetic: the month is the guess's or a neighbour.
        for year, month in (
            _next(guess.year, guess.month),
            (guess.year, guess.month),
            _previous(guess.year, guess.month),
        ):
            start = self.month_start(year, month)
            if start is not None and start[0] <= value:
                return HijriDate(year, month, (value - start[0]).days + 1, start[1])
        return None

    def years_between(self, first: dt.date, last: dt.date) -> range:
        start, end = self.from_gregorian(first), self.from_gregorian(last)
        if start is None or end is None:
            return range(0)
        return range(start.year, end.year + 1)
