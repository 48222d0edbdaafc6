"""The entry counts per commitment, quarter and county (QuarterFigures) are kept right on every write.

They are written with the commitment's stored progress, under its row lock, in the transaction
that changed an entry; after each kind of write the stored rows equal a fresh count, the dashboard
shows what counting the entries shows, and `rebuild_progress` finds and mends a wrong row.
(Many writers at once: tests/test_progress_concurrency.py.)
"""

import datetime as dt

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count, Q

from agreement.jalali import Quarter
from dashboard.figures import build_dashboard
from dashboard.filters import DashboardFilters
from obligations import services
from obligations.models import ProgressEntry, QuarterFigures
from tests.factories import decide, make_entry

pytestmark = pytest.mark.django_db
Q2, Q3 = Quarter(1403, 2), Quarter(1403, 3)


def _stored(commitment) -> dict:
    return QuarterFigures.objects.filter(commitment=commitment).stored()


def _counted_from_entries(agreement, quarter, county=None) -> tuple:
    """What the dashboard counted before the stored rows: the entries themselves."""
    entries = ProgressEntry.objects.filter(
        commitment__agreement=agreement, happened_on__range=(quarter.first_day, quarter.last_day)
    )
    if county is not None:
        entries = entries.filter(county=county)
    live = Q(withdrawn_at__isnull=True)
    row = entries.aggregate(
        awaiting=Count("pk", filter=live & Q(review_state="submitted")),
        accepted=Count("pk", filter=live & Q(review_state="accepted")),
        returned=Count("pk", filter=live & Q(review_state="returned")),
        withdrawn=Count("pk", filter=~live),
    )
    return row["awaiting"], row["accepted"], row["returned"], row["withdrawn"]


def _shown(agreement, quarter, county=None) -> tuple:
    board = build_dashboard(agreement, DashboardFilters(quarter=quarter, county=county))
    return board.entries.awaiting, board.entries.accepted, board.entries.returned, board.entries.withdrawn


def test_each_kind_of_write_keeps_the_rows_equal_to_a_fresh_count(agreement, commitment, rural_staff, monitor):
    b5 = commitment("B5")
    counties = list(agreement.counties.all())
    first = make_entry(b5, rural_staff, happened_on=Q3.first_day, county=counties[0])
    second = make_entry(b5, rural_staff, happened_on=Q2.last_day, county=counties[1])
    third = make_entry(b5, rural_staff, happened_on=Q3.last_day)  # no county
    assert _stored(b5) == QuarterFigures.objects.fresh([b5.pk])
    assert _stored(b5)[(b5.pk, 1403, 3, counties[0].pk)]["awaiting"] == 1
    assert _stored(b5)[(b5.pk, 1403, 3, None)]["awaiting"] == 1

    decide(first, monitor, "accepted")
    decide(second, monitor, "returned")
    second.refresh_from_db()
    # The author fixes the returned entry and moves it to Q3 and another county: Q2's row goes.
    services.update_entry(
        entry=second, expected_version=second.version, happened_on=Q3.first_day, county=counties[2], narrative="اصلاح"
    )
    third.refresh_from_db()
    services.withdraw_entry(entry=third, reason="تکراری", expected_version=third.version)

    stored = _stored(b5)
    assert stored == QuarterFigures.objects.fresh([b5.pk])
    assert (b5.pk, 1403, 2, counties[1].pk) not in stored
    assert stored[(b5.pk, 1403, 3, counties[0].pk)]["accepted"] == 1
    assert stored[(b5.pk, 1403, 3, counties[2].pk)]["awaiting"] == 1
    assert stored[(b5.pk, 1403, 3, None)]["withdrawn"] == 1
    assert QuarterFigures.objects.differences([b5.pk]) == []


def test_the_dashboard_shows_what_counting_the_entries_shows(agreement, commitment, rural_staff, monitor):
    counties = list(agreement.counties.all())
    for index, number in enumerate(["B1", "B2", "B3", "B5", "J1"]):
        for day in (Q2.first_day, Q3.first_day, Q3.last_day):
            entry = make_entry(commitment(number), rural_staff, happened_on=day, county=counties[index % 2])
            if index % 3 == 0:
                decide(entry, monitor, "accepted")
            elif index % 3 == 1:
                decide(entry, monitor, "returned")
    for quarter in (Q2, Q3):
        assert _shown(agreement, quarter) == _counted_from_entries(agreement, quarter)
        assert _shown(agreement, quarter, counties[1]) == _counted_from_entries(agreement, quarter, counties[1])


def test_the_oldest_awaiting_entry_is_the_oldest_still_awaiting(agreement, commitment, rural_staff, monitor):
    b5 = commitment("B5")
    older = make_entry(b5, rural_staff, happened_on=Q3.first_day)
    newer = make_entry(b5, rural_staff, happened_on=Q3.first_day + dt.timedelta(days=1))
    assert _stored(b5)[(b5.pk, 1403, 3, None)]["oldest_awaiting"] == older.created_at
    decide(older, monitor, "accepted")
    assert _stored(b5)[(b5.pk, 1403, 3, None)]["oldest_awaiting"] == newer.created_at


def test_rebuild_progress_finds_and_mends_a_wrong_row(agreement, commitment, rural_staff):
    b5 = commitment("B5")
    make_entry(b5, rural_staff, happened_on=Q3.first_day)
    make_entry(b5, rural_staff, happened_on=Q2.first_day)
    call_command("rebuild_progress", "--check", verbosity=0)
    QuarterFigures.objects.filter(commitment=b5, year=1403, quarter=3).update(awaiting=7)
    QuarterFigures.objects.filter(commitment=b5, year=1403, quarter=2).delete()
    QuarterFigures.objects.create(commitment=b5, year=1402, quarter=1, accepted=3)
    with pytest.raises(CommandError, match="3 quarter row"):
        call_command("rebuild_progress", "--check", verbosity=0)
    call_command("rebuild_progress", verbosity=0)
    call_command("rebuild_progress", "--check", verbosity=0)
    assert _stored(b5) == QuarterFigures.objects.fresh([b5.pk])


def test_a_commitment_without_entries_has_no_rows(commitment):
    b5 = commitment("B5")
    assert QuarterFigures.objects.fresh([b5.pk]) == {}
    assert QuarterFigures.objects.replace([b5.pk]) == 0
