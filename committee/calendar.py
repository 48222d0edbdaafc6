"""The executive calendar: Hijri dates, what falls on which day, and the Jalali month grid."""

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import jdatetime
from django.utils.translation import gettext as _

from agreement.formatting import plain_number
from agreement.hijri import HijriDate, IranHijriCalendar
from agreement.jalali import local_date
from obligations.models import Commitment, Status

# Saturday first, as in every Iranian calendar.
WEEKDAYS_FA = list(zip(["شنبه", "یکشنبه", "دوشنبه", "سه‌شنبه", "چهارشنبه", "پنجشنبه", "جمعه"], "شیدسچپج", strict=True))
WEEKDAYS_EN = list(zip(["Sat", "Sun", "Mon", "Tue", "Wed", "Thu", "Fri"], "SSMTWTF", strict=True))


def hijri_to_gregorian(year: int, month: int, day: int, hijri_calendar: IranHijriCalendar | None = None):
    """The day in Iran's calendar; a day 30 that the month lacks falls on the 29th."""
    return (hijri_calendar or IranHijriCalendar()).to_gregorian(year, month, day)


def gregorian_to_hijri(value: dt.date, hijri_calendar: IranHijriCalendar | None = None) -> HijriDate | None:
    return (hijri_calendar or IranHijriCalendar()).from_gregorian(value)


@dataclass
class Event:
    """Anything shown on the calendar: a programme, a meeting, a due date."""

    kind: str  # programme, meeting, commitment_due, decision_due
    title: str
    starts_on: dt.date
    ends_on: dt.date
    party: object = None
    overdue: bool = False
    done: bool = False
    note: str = ""
    source: Any = None  # the Occurrence, Meeting, Commitment or Decision, as `kind` says

    def covers(self, day: dt.date) -> bool:
        return self.starts_on <= day <= self.ends_on


def calendar_events(
    agreement, first: dt.date, last: dt.date, *, today: dt.date, hijri_calendar: IranHijriCalendar | None = None
) -> list[Event]:
    """Programmes, meetings and the due dates of open commitments and decisions in the period."""
    from committee.models import Decision, Meeting, Programme

    hijri_calendar = hijri_calendar or IranHijriCalendar()
    events = []
    programmes = Programme.objects.filter(agreement=agreement).select_related("responsible_party")
    for programme in programmes.prefetch_related("corrections"):
        for occurrence in programme.occurrences(first, last, hijri_calendar=hijri_calendar):
            events.append(
                Event(
                    "programme",
                    programme.title,
                    occurrence.starts_on,
                    occurrence.ends_on,
                    party=programme.responsible_party,
                    note=programme.hijri_label(),
                    source=occurrence,
                )
            )
    for meeting in Meeting.objects.of(agreement).filter(starts_at__date__range=(first - dt.timedelta(days=1), last)):
        day = local_date(meeting.starts_at)
        if first <= day <= last:
            title = _("Joint committee meeting %(code)s") % {"code": plain_number(meeting.code)}
            events.append(Event("meeting", title, day, day, source=meeting))
    due = Commitment.objects.filter(agreement=agreement, due_on__range=(first, last)).select_related("owner")
    for commitment in due:
        title = _("Due: commitment %(number)s") % {"number": commitment.number}
        events.append(
            Event(
                "commitment_due",
                title,
                commitment.due_on,
                commitment.due_on,
                party=commitment.owner,
                overdue=commitment.due_on < today and commitment.status != Status.COMPLETED,
                done=commitment.status == Status.COMPLETED,
                note=commitment.text,
                source=commitment,
            )
        )
    decisions = Decision.objects.of(agreement).filter(commitment__due_on__range=(first, last)).for_lists()
    for decision in decisions:
        title = _("Due: decision %(row)s of meeting %(code)s") % {
            "row": plain_number(decision.position),
            "code": plain_number(decision.meeting.code),
        }
        events.append(
            Event(
                "decision_due",
                title,
                decision.due_on,
                decision.due_on,
                party=decision.owner,
                overdue=decision.is_overdue(today),
                done=decision.is_done,
                note=decision.text,
                source=decision,
            )
        )
    events.sort(key=lambda e: (e.starts_on, e.kind != "meeting", e.title))
    return events


@dataclass
class Day:
    date: dt.date
    jalali: jdatetime.date
    hijri: HijriDate | None
    in_month: bool
    is_today: bool
    events: list = field(default_factory=list)

    @property
    def is_friday(self) -> bool:
        return self.date.weekday() == 4


@dataclass
class MonthGrid:
    year: int
    month: int
    weeks: list[list[Day]]
    first: dt.date
    last: dt.date

    def previous(self) -> tuple[int, int]:
        return (self.year - 1, 12) if self.month == 1 else (self.year, self.month - 1)

    def next(self) -> tuple[int, int]:
        return (self.year + 1, 1) if self.month == 12 else (self.year, self.month + 1)


def month_bounds(year: int, month: int) -> tuple[dt.date, dt.date]:
    first = jdatetime.date(year, month, 1).togregorian()
    following = jdatetime.date(year + (month == 12), month % 12 + 1, 1).togregorian()
    return first, following - dt.timedelta(days=1)


def month_grid(
    year: int, month: int, events: list[Event], *, today: dt.date, hijri_calendar: IranHijriCalendar | None = None
) -> MonthGrid:
    """Weeks of a Jalali month, Saturday first, padded with the neighbouring months' days; each day's
    Hijri date in Iran's calendar (estimated where the month is not confirmed)."""
    hijri_calendar = hijri_calendar or IranHijriCalendar()
    first, last = month_bounds(year, month)
    # Python: Monday=0 ... Saturday=5; Saturday-first index = (weekday + 2) % 7.
    start = first - dt.timedelta(days=(first.weekday() + 2) % 7)
    end = last + dt.timedelta(days=6 - (last.weekday() + 2) % 7)
    weeks, week = [], []
    day = start
    while day <= end:
        jalali = jdatetime.date.fromgregorian(date=day)
        cell = Day(day, jalali, hijri_calendar.from_gregorian(day), jalali.month == month, day == today)
        cell.events = [e for e in events if e.covers(day)]
        week.append(cell)
        if len(week) == 7:
            weeks.append(week)
            week = []
        day += dt.timedelta(days=1)
    return MonthGrid(year, month, weeks, first, last)
