"""`make run`'s committee demo: two held meetings with decisions done and overdue, a planned one,
and the year's programmes (Atefeh-ha early in Mehr, the Charity celebration in Ramadan)."""

import datetime as dt

import jdatetime
import pytest
from django.core.management import CommandError, call_command

from committee.models import Decision, Meeting, Programme

TODAY = dt.date(2026, 11, 30)


def test_demo_committee_refuses_to_run_without_debug(agreement, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("seed_demo_committee")


def test_the_demo_committee_is_made_once_with_done_and_overdue_decisions(agreement, settings):
    from devdata.committee import create_demo_committee

    settings.DEBUG = True
    call_command("seed_demo_people")
    assert create_demo_committee(today=TODAY) == 8
    assert create_demo_committee(today=TODAY) == 0
    meetings = list(Meeting.objects.order_by("starts_at"))
    assert [m.state for m in meetings] == ["approved", "held", "draft"]
    decisions = Decision.objects.of(agreement)
    assert decisions.count() == 8
    assert decisions.filter(commitment__status="completed").count() == 4
    assert decisions.overdue(TODAY).count() >= 2
    # The planned meeting offers the open decisions on its agenda.
    assert meetings[2].agenda_items.filter(follows_up__isnull=False).count() == decisions.open().count()

    atefeh = Programme.objects.filter(title_fa__startswith="جشن عاطفه").order_by("starts_on").first()
    start = jdatetime.date.fromgregorian(date=atefeh.starts_on)
    assert (start.month, start.day) == (7, 1)  # 1 Mehr
    charity = Programme.objects.get(title_fa="جشن نیکوکاری")
    assert (charity.hijri_month, charity.hijri_day) == (9, 10)  # 10 Ramadan
    assert charity.occurrences(TODAY, TODAY + dt.timedelta(days=365))
