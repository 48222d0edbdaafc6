"""A decision made today is not stale, nor overdue on its due day: staleness counts from the meeting,
days are Tehran's (issue 18 point 7)."""

import datetime as dt
from zoneinfo import ZoneInfo

import time_machine
from django.utils import timezone

from committee.services import create_meeting, mark_held, record_decision
from obligations.models import Commitment

TEHRAN = ZoneInfo("Asia/Tehran")
STARTS = dt.datetime(2024, 9, 22, 23, 30, tzinfo=TEHRAN)  # 1 Mehr 1403, late evening: 20:00 UTC
URL = "/en/a/qazvin-ikrc-rural-1397/commitments/{number}/"


def _decide(agreement, relief_member, rural, *, due_on):
    meeting = create_meeting(agreement=agreement, starts_at=STARTS, place="سالن جلسات", by=relief_member)
    with time_machine.travel(STARTS + dt.timedelta(minutes=20), tick=False):
        mark_held(meeting=meeting, by=relief_member)
        decision = record_decision(
            meeting=meeting,
            text_fa="نصب تابلوهای ترویج زکات",
            text_en="Install zakat signs",
            owner=rural,
            due_on=due_on,
            linked_commitments=[],
            by=relief_member,
        )
    return decision


def _flags(decision, now):
    row = Commitment.all_kinds.with_flags(now).get(pk=decision.commitment_id)
    stale = Commitment.all_kinds.stale(now).filter(pk=decision.commitment_id).exists()
    assert row.is_stale == stale, "the list flag and the filter agree"
    return row.is_stale, row.is_overdue


def test_a_decision_made_today_is_not_stale(agreement, relief_member, rural, settings):
    settings.PEYMAN_STALE_AFTER_DAYS = 90
    decision = _decide(agreement, relief_member, rural, due_on=dt.date(2025, 3, 1))
    # Minutes after the meeting, and the next morning in Tehran (a new day there, still 22 Sep in UTC).
    assert _flags(decision, STARTS + dt.timedelta(minutes=30)) == (False, False)
    assert _flags(decision, dt.datetime(2024, 9, 23, 0, 10, tzinfo=TEHRAN)) == (False, False)
    # Stale only once the window has passed since the meeting with nothing logged.
    assert _flags(decision, STARTS + dt.timedelta(days=90))[0] is False
    assert _flags(decision, STARTS + dt.timedelta(days=90, minutes=1))[0] is True


def test_the_decision_page_shows_no_stale_badge_on_the_day(client, agreement, relief_member, rural, settings):
    settings.PEYMAN_STALE_AFTER_DAYS = 90
    decision = _decide(agreement, relief_member, rural, due_on=dt.date(2025, 3, 1))
    client.force_login(relief_member)
    url = URL.format(number=decision.commitment.number)
    with time_machine.travel(STARTS + dt.timedelta(hours=1), tick=False):
        assert 'class="badge badge-stale"' not in client.get(url).content.decode()
    with time_machine.travel(STARTS + dt.timedelta(days=91), tick=False):
        assert 'class="badge badge-stale"' in client.get(url).content.decode()


def test_a_decision_due_today_in_tehran_is_not_overdue_until_the_day_is_over(agreement, relief_member, rural):
    decision = _decide(agreement, relief_member, rural, due_on=dt.date(2024, 10, 1))
    last_minute = dt.datetime(2024, 10, 1, 23, 59, tzinfo=TEHRAN)  # 20:29 UTC on 1 October
    next_day = dt.datetime(2024, 10, 2, 0, 1, tzinfo=TEHRAN)  # 20:31 UTC, still 1 October in UTC
    assert _flags(decision, last_minute)[1] is False
    assert _flags(decision, next_day)[1] is True
    with time_machine.travel(last_minute, tick=False):
        assert decision.is_overdue() is False
        assert not Commitment.all_kinds.overdue(timezone.localdate()).filter(pk=decision.commitment_id).exists()
    with time_machine.travel(next_day, tick=False):
        assert decision.is_overdue() is True


def test_numbered_commitments_keep_their_staleness(commitment, settings):
    settings.PEYMAN_STALE_AFTER_DAYS = 90
    now = dt.datetime(2024, 9, 23, 9, 0, tzinfo=TEHRAN)
    flags = {c.number: c.is_stale for c in Commitment.objects.with_flags(now)}
    assert flags and all(flags.values())  # the demo's commitments have no entries here
    assert set(Commitment.objects.stale(now).values_list("number", flat=True)) == set(flags)
