"""An agreement ending in 100 days: alerts at 90, 60 and 30 days, each once; on the day after its
end, writes are refused and everything stays readable; a renewal makes a new term."""

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from agreement.models import Agreement
from committee.models import AgendaItem
from committee.services import create_meeting
from monitoring.reminders import run_daily_steps
from notifications.models import Kind, Notification
from obligations.models import ProgressEntry
from obligations.services import EntryRefused
from terms.models import Term, TermAlert
from terms.services import set_term
from tests.factories import make_entry

START = dt.date(2025, 3, 21)  # 1 Farvardin 1404
END = START + dt.timedelta(days=100)


def at(day: dt.date, hour: int = 8):
    return time_machine.travel(timezone.make_aware(dt.datetime.combine(day, dt.time(hour))), tick=False)


@pytest.fixture
def term(agreement, superuser):
    with at(START):
        return set_term(
            agreement=agreement, starts_on=agreement.signed_on, ends_on=END, notice_days=60, renews_itself=False,
            by=superuser,
        )  # fmt: skip


@pytest.fixture
def people(rural_focal, relief_focal, committee_member, rural_staff, monitor):
    return locals()


@pytest.fixture
def meeting(agreement, committee_member):
    with at(START):
        return create_meeting(
            agreement=agreement, starts_at=timezone.now() + dt.timedelta(days=80), place="قزوین", by=committee_member
        )


def walk(first: dt.date, days: int):
    for offset in range(days):
        with at(first + dt.timedelta(days=offset)):
            run_daily_steps()
            run_daily_steps()  # a second run the same day sends nothing more


def test_it_alerts_at_90_60_and_30_days_exactly_once_each(term, people, meeting):
    walk(START, 100)
    log = list(TermAlert.objects.filter(term=term).order_by("fired_on").values_list("kind", "fired_on"))
    assert log == [
        ("days_90", END - dt.timedelta(days=90)),
        ("agenda", END - dt.timedelta(days=90)),
        ("days_60", END - dt.timedelta(days=60)),
        ("days_30", END - dt.timedelta(days=30)),
    ]
    told = Notification.objects.filter(kind=Kind.TERM_ENDING)
    assert told.count() == 3 * 3
    assert set(told.values_list("recipient__username", flat=True)) == {"rural-focal", "relief-focal", "committee"}
    assert sorted(set(told.values_list("params__days", flat=True))) == [30, 60, 90]
    items = AgendaItem.objects.filter(meeting=meeting, title="تصمیم‌گیری درباره تمدید تفاهم‌نامه")
    assert items.count() == 1
    note = told.filter(recipient=people["rural_focal"], params__days=30).get()
    assert "۳۰ روز دیگر" in note.message


def test_the_day_after_its_end_writes_are_refused_and_everything_stays_readable(
    term, people, commitment, client, agreement
):
    with at(END):
        run_daily_steps()
        make_entry(commitment("B5"), people["rural_staff"], happened_on=END)  # the last day still takes entries
    with at(END + dt.timedelta(days=1)):
        run_daily_steps()
        agreement.refresh_from_db()
        assert agreement.status == Agreement.Status.EXPIRED
        with pytest.raises(EntryRefused, match="۱۴۰۴/۰۴/۰۸"):
            make_entry(commitment("B5"), people["rural_staff"], happened_on=END)
        client.force_login(people["rural_staff"])
        refused = client.post(f"/en/a/{agreement.reference}/commitments/B5/log/", {"narrative": "x"})
        assert refused.status_code == 409
        assert "The agreement&#x27;s term ended on 2025-06-29" in refused.text
        assert client.get(f"/en/a/{agreement.reference}/commitments/B5/").status_code == 200
        assert client.get(f"/en/a/{agreement.reference}/dashboard/").status_code == 200
        assert client.get(f"/en/a/{agreement.reference}/term/").status_code == 200
    assert ProgressEntry.objects.filter(commitment__number="B5").count() == 1
    assert TermAlert.objects.filter(term=term, kind="expired").count() == 1
    expired = Notification.objects.filter(kind=Kind.TERM_ENDING, params__expired=True)
    assert set(expired.values_list("recipient__username", flat=True)) == {"rural-focal", "relief-focal", "committee"}


def test_a_renewal_by_the_committee_makes_a_new_term(term, people, commitment, client, agreement):
    with at(END + dt.timedelta(days=3)):
        run_daily_steps()
        client.force_login(people["committee_member"])
        response = client.post(f"/en/a/{agreement.reference}/term/renew/", {"renew-ends_on": "2026-06-30"})
        assert response.status_code == 302
        agreement.refresh_from_db()
        assert agreement.status == Agreement.Status.IN_FORCE
        assert agreement.ends_on == dt.date(2026, 6, 30)
        make_entry(commitment("B5"), people["rural_staff"], happened_on=END + dt.timedelta(days=3))
    terms = list(Term.objects.filter(agreement=agreement).values_list("number", "starts_on", "ends_on"))
    assert terms == [(1, agreement.signed_on, END), (2, END + dt.timedelta(days=1), dt.date(2026, 6, 30))]


def test_a_term_that_renews_itself_starts_the_next_one(term, people, agreement, superuser):
    with at(START):
        set_term(
            agreement=agreement, starts_on=term.starts_on, ends_on=END, notice_days=60, renews_itself=True,
            by=superuser,
        )  # fmt: skip
    walk(END, 3)
    agreement.refresh_from_db()
    assert agreement.status == Agreement.Status.IN_FORCE
    new = Term.objects.current_of(agreement.pk)
    assert new.number == 2 and new.starts_on == END + dt.timedelta(days=1)
    assert new.length == term.length
    assert TermAlert.objects.filter(term=term, kind="renewed").count() == 1


def test_a_term_set_late_alerts_only_at_the_nearest_threshold(agreement, people, superuser):
    with at(START):
        term = set_term(
            agreement=agreement, starts_on=agreement.signed_on, ends_on=START + dt.timedelta(days=50),
            notice_days=60, renews_itself=False, by=superuser,
        )  # fmt: skip
        run_daily_steps()
    assert list(TermAlert.objects.filter(term=term).values_list("kind", flat=True)) == ["days_60"]
