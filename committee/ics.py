"""iCalendar (RFC 5545) files: one meeting, or a person's private feed of their agreements."""

import datetime as dt

import icalendar
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from agreement.formatting import plain_number
from agreement.hijri import IranHijriCalendar
from agreement.models import Agreement
from committee.calendar import calendar_events
from notifications.models import Preference
from notifications.services import site_domain

PRODID = "-//Peyman//Joint committee and executive calendar//EN"
# How far the feed reaches: last year's programmes and two years ahead (Hijri ones included).
FEED_PAST_DAYS = 365
FEED_FUTURE_DAYS = 730


def _calendar(name: str) -> icalendar.Calendar:
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", timezone.get_current_timezone_name())
    return calendar


def _uid(kind: str, key) -> str:
    """An event's UID under the site's own domain (RFC 5545 asks for one the site controls)."""
    return f"{kind}-{key}@{site_domain()}"


def _meeting_title(meeting) -> str:
    return _("Joint committee meeting %(code)s") % {"code": plain_number(meeting.code)}


def _meeting_event(request, meeting) -> icalendar.Event:
    event = icalendar.Event()
    event.add("uid", _uid("meeting", meeting.pk))
    event.add("dtstamp", timezone.now())
    # Local wall-clock time with its zone: the VTIMEZONE added below says what Asia/Tehran is.
    event.add("dtstart", timezone.localtime(meeting.starts_at))
    event.add("dtend", timezone.localtime(meeting.ends_at))
    event.add("summary", f"{_meeting_title(meeting)} ({meeting.agreement.title})")
    event.add("location", meeting.place)
    event.add(
        "url", request.build_absolute_uri(reverse("meeting_detail", args=[meeting.agreement.reference, meeting.pk]))
    )
    event.add("status", "CONFIRMED")
    return event


def meeting_calendar(request, meeting) -> icalendar.Calendar:
    calendar = _calendar(_meeting_title(meeting))
    calendar.add_component(_meeting_event(request, meeting))
    calendar.add_missing_timezones()
    calendar.validate()
    return calendar


def _all_day(uid: str, title: str, first: dt.date, last: dt.date, description: str = "") -> icalendar.Event:
    event = icalendar.Event()
    event.add("uid", uid)
    event.add("dtstamp", timezone.now())
    event.add("dtstart", first)
    event.add("dtend", last + dt.timedelta(days=1))  # all-day DTEND is exclusive
    event.add("summary", title)
    event.add("transp", "TRANSPARENT")
    if description:
        event.add("description", description)
    return event


def person_feed(request, user) -> icalendar.Calendar:
    """Programmes, meetings and due dates of every agreement the person may read, in their language
    (the one they chose for e-mail: a calendar app, like a mail client, has no page to switch)."""
    today = timezone.localdate()
    first, last = today - dt.timedelta(days=FEED_PAST_DAYS), today + dt.timedelta(days=FEED_FUTURE_DAYS)
    with translation.override(Preference.of(user).language):
        calendar = _calendar(_("Peyman: joint committee and executive calendar"))
        hijri_calendar = IranHijriCalendar()  # one read of Iran's month starts for every agreement
        for agreement in Agreement.objects.visible_to(user).prefetch_related("signatories__party"):
            for event in calendar_events(agreement, first, last, today=today, hijri_calendar=hijri_calendar):
                if event.kind == "meeting":
                    event.source.agreement = agreement
                    calendar.add_component(_meeting_event(request, event.source))
                    continue
                source = event.source
                key = source.uid_key if event.kind == "programme" else f"{source.pk}-{event.starts_on:%Y%m%d}"
                if event.kind == "programme":
                    title = f"{event.title} ({agreement.title})"
                else:  # a due date says what is due, not only its number
                    title = f"{event.title}: {Truncator(' '.join(event.note.split())).chars(80)}"
                uid = _uid(event.kind, key)
                calendar.add_component(_all_day(uid, title, event.starts_on, event.ends_on, event.note))
    calendar.add_missing_timezones()
    if not calendar.walk("VTIMEZONE"):
        # The feed says which zone it is in even with no timed event; RFC 5545 also wants a
        # calendar to hold at least one component, so an empty feed stays valid.
        calendar.add_component(icalendar.Timezone.from_tzid(timezone.get_current_timezone_name()))
    calendar.validate()
    return calendar
