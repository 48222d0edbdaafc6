"""An overdue commitment walked day by day: each step of the ladder fires once, to the right people."""

import datetime as dt
import io

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone

from amendments.models import AmendmentChange
from amendments.services import add_change, confirm_amendment
from committee.models import AgendaItem
from committee.services import create_meeting
from deadlines.models import Escalation, Ladder, Step
from monitoring.reminders import run_daily_steps
from notifications.models import Kind, Notification
from tests.factories import make_entry

DUE = dt.date(2025, 7, 15)


def at(day: dt.date, hour: int = 8):
    return time_machine.travel(timezone.make_aware(dt.datetime.combine(day, dt.time(hour))), tick=False)


@pytest.fixture
def b7(commitment):
    b7 = commitment("B7")
    b7.due_on = DUE
    b7.save(update_fields=["due_on"])
    return b7


@pytest.fixture
def people(rural_staff, rural_focal, relief_staff, relief_focal, monitor, rural_viewer, relief_member):
    return locals()


@pytest.fixture
def meeting(agreement, relief_member):
    """The committee's next meeting, planned for after the walk."""
    with at(DUE - dt.timedelta(days=30)):
        return create_meeting(
            agreement=agreement, starts_at=timezone.now() + dt.timedelta(days=90), place="قزوین", by=relief_member
        )


def told(b7, step):
    return set(
        Notification.objects.filter(kind=Kind.DEADLINE_STEP, params__step=step, params__number=b7.number).values_list(
            "recipient__username", flat=True
        )
    )


def walk(first: dt.date, days: int, *, twice=True):
    for offset in range(days):
        with at(first + dt.timedelta(days=offset)):
            run_daily_steps()
            if twice:  # a second run on the same day, as a retried timer would: nothing more
                run_daily_steps()


def test_45_days_send_exactly_the_four_steps_to_the_right_people(b7, people, meeting):
    walk(DUE - dt.timedelta(days=14), 45)
    log = list(Escalation.objects.filter(commitment=b7).order_by("fired_on").values_list("step", "fired_on"))
    assert log == [
        (Step.DUE_SOON, DUE - dt.timedelta(days=14)),
        (Step.OVERDUE, DUE + dt.timedelta(days=1)),
        (Step.ESCALATED, DUE + dt.timedelta(days=14)),
        (Step.AGENDA, DUE + dt.timedelta(days=30)),
    ]
    assert told(b7, Step.DUE_SOON) == {"rural-staff"}
    assert told(b7, Step.OVERDUE) == {"rural-focal"}
    assert told(b7, Step.ESCALATED) == {"rural-focal", "relief-focal", "relief-monitor"}
    assert Notification.objects.filter(kind=Kind.DEADLINE_STEP).count() == 5
    items = AgendaItem.objects.filter(meeting=meeting, title="پیگیری تعهد معوق B7")
    assert items.count() == 1
    assert list(items.get().commitments.all()) == [b7]
    assert Escalation.objects.get(commitment=b7, step=Step.AGENDA).agenda_item == items.get()


def test_the_message_reads_in_both_languages(b7, people, meeting):
    from django.utils import translation

    walk(DUE + dt.timedelta(days=1), 1, twice=False)
    note = Notification.objects.get(kind=Kind.DEADLINE_STEP, recipient=people["rural_focal"])
    assert note.message == "تعهد B7 معوق است: موعد آن ۲۴ تیر ۱۴۰۴ بود."
    with translation.override("en"):
        assert note.message == "Commitment B7 is overdue: it was due on 15 Jul 2025."


def test_a_missed_day_is_caught_up_once_without_a_burst(b7, people, meeting):
    with at(DUE + dt.timedelta(days=20)):  # the timer did not run for weeks
        run_daily_steps()
    assert list(Escalation.objects.filter(commitment=b7).values_list("step", flat=True)) == [Step.ESCALATED]


def test_the_agenda_step_waits_for_a_planned_meeting(b7, people, agreement, relief_member):
    walk(DUE + dt.timedelta(days=30), 3, twice=False)
    assert not Escalation.objects.filter(commitment=b7, step=Step.AGENDA).exists()
    with at(DUE + dt.timedelta(days=33)):
        meeting = create_meeting(
            agreement=agreement, starts_at=timezone.now() + dt.timedelta(days=7), place="قزوین", by=relief_member
        )
        run_daily_steps()
    assert AgendaItem.objects.filter(meeting=meeting, title="پیگیری تعهد معوق B7").count() == 1


def test_a_completed_commitment_stops_its_ladder(b7, people, meeting):
    walk(DUE - dt.timedelta(days=14), 16)
    with at(DUE + dt.timedelta(days=2)):
        make_entry(b7, people["rural_staff"], happened_on=DUE + dt.timedelta(days=2), reported_status="completed")
    walk(DUE + dt.timedelta(days=2), 40)
    assert list(Escalation.objects.filter(commitment=b7).values_list("step", flat=True)) == [
        Step.DUE_SOON,
        Step.OVERDUE,
    ]


def test_a_due_date_moved_by_an_amendment_stops_the_old_ladder(b7, people, meeting, draft, rural_focal, relief_focal):
    walk(DUE - dt.timedelta(days=14), 16)
    moved = DUE + dt.timedelta(days=90)
    with at(DUE + dt.timedelta(days=5)):
        amendment = draft(DUE + dt.timedelta(days=6))
        add_change(
            amendment=amendment,
            action=AmendmentChange.Action.MODIFY,
            commitment=b7,
            values={"due_on": moved.isoformat()},
            by=rural_focal,
        )
        confirm_amendment(amendment=amendment, party=rural_focal.membership.party, by=rural_focal)
        confirm_amendment(amendment=amendment, party=relief_focal.membership.party, by=relief_focal)
    walk(DUE + dt.timedelta(days=6), 40, twice=False)
    steps = list(Escalation.objects.filter(commitment=b7).values_list("due_on", "step"))
    assert steps == [(DUE, Step.DUE_SOON), (DUE, Step.OVERDUE)]
    # The new date has a ladder of its own, from 14 days before it.
    walk(moved - dt.timedelta(days=14), 1, twice=False)
    assert Escalation.objects.filter(commitment=b7, due_on=moved, step=Step.DUE_SOON).exists()


def test_the_days_are_set_per_agreement(b7, people, meeting, agreement):
    Ladder.objects.create(agreement=agreement, days_before=7, overdue_after=2, escalate_after=10, agenda_after=20)
    walk(DUE - dt.timedelta(days=14), 45, twice=False)
    log = list(Escalation.objects.filter(commitment=b7).order_by("fired_on").values_list("fired_on", flat=True))
    assert log == [DUE + dt.timedelta(days=d) for d in (-7, 2, 10, 20)]


def test_the_daily_reminders_command_walks_the_ladders(b7, people, meeting):
    with at(DUE + dt.timedelta(days=1)):
        call_command("send_reminders", stdout=io.StringIO())
    assert Escalation.objects.filter(commitment=b7, step=Step.OVERDUE).exists()
