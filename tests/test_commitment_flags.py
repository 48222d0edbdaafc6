import datetime as dt

import time_machine
from django.utils import timezone

from obligations.models import Commitment
from obligations.services import record_progress

NOW = dt.datetime(2024, 9, 1, 9, 0, tzinfo=dt.UTC)


def _log(commitment, author, status="in_progress"):
    return record_progress(
        commitment=commitment, author=author, happened_on=dt.date(2024, 8, 1), reported_status=status, narrative="x"
    )[0]


@time_machine.travel(NOW, tick=False)
def test_overdue_means_past_due_and_not_completed(commitment, rural_staff):
    b1, b2, b3 = commitment("B1"), commitment("B2"), commitment("B3")
    for c in (b1, b2, b3):
        c.due_on = dt.date(2024, 6, 1)
        c.save()
    b3.due_on = dt.date(2025, 1, 1)
    b3.save()
    _log(b2, rural_staff, "completed")
    today = timezone.localdate()
    assert set(Commitment.objects.overdue(today).values_list("number", flat=True)) == {"B1"}
    flags = {c.number: c.is_overdue for c in Commitment.objects.with_flags(timezone.now())}
    assert (flags["B1"], flags["B2"], flags["B3"]) == (True, False, False)


def test_stale_means_no_entry_in_the_configured_days(commitment, rural_staff, settings):
    settings.PEYMAN_STALE_AFTER_DAYS = 90
    with time_machine.travel(NOW, tick=False):
        _log(commitment("B1"), rural_staff)
        _log(commitment("B2"), rural_staff, "completed")
    later = NOW + dt.timedelta(days=60)
    with time_machine.travel(later, tick=False):
        _log(commitment("B3"), rural_staff)
    much_later = NOW + dt.timedelta(days=100)
    stale = set(Commitment.objects.stale(much_later).values_list("number", flat=True))
    assert "B1" in stale  # last entry 100 days ago
    assert "B2" not in stale  # completed
    assert "B3" not in stale  # 40 days ago
    assert "B4" in stale  # never had an entry
    flags = {c.number: c.is_stale for c in Commitment.objects.with_flags(much_later)}
    assert {n for n, s in flags.items() if s} == stale
