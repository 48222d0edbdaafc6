"""The agreement's row carries its newest locked quarter (Agreement.newest_locked_quarter), kept by
every save of a lock: an entry dated after it is let through without reading the locks, one dated in
an earlier quarter still meets them. Stored equals fresh after locks, reopenings and a rebuild."""

import datetime as dt

import pytest

from agreement.jalali import Quarter
from agreement.models import Agreement
from monitoring.evaluations import reopen_quarter
from monitoring.models import (
    QuarterLock,
    fresh_newest_locked_quarter,
    locked_quarter_refusal,
    rebuild_newest_locked_quarters,
)

pytestmark = pytest.mark.django_db


def _stored_and_fresh(agreement):
    row = Agreement.objects.annotate(fresh=fresh_newest_locked_quarter()).get(pk=agreement.pk)
    return row.newest_locked_quarter, row.fresh


def test_locks_and_reopenings_keep_the_newest_locked_quarter(agreement, monitor, superuser, commitment):
    b5 = commitment("B5")
    assert _stored_and_fresh(agreement) == (None, None)
    QuarterLock.objects.create(agreement=agreement, year=1403, quarter=1, changed_by=monitor)
    assert _stored_and_fresh(agreement) == (14031, 14031)
    QuarterLock.objects.create(agreement=agreement, year=1403, quarter=3, changed_by=monitor)
    assert _stored_and_fresh(agreement) == (14033, 14033)
    # Q2 (2024-08-20) was never locked: below the newest, so the locks are read, and it passes.
    assert locked_quarter_refusal(b5, dt.date(2024, 8, 20)) is None
    assert locked_quarter_refusal(b5, dt.date(2024, 5, 1)) is not None  # 1403 Q1
    assert locked_quarter_refusal(b5, dt.date(2024, 10, 1)) is not None  # 1403 Q3
    assert locked_quarter_refusal(b5, dt.date(2025, 1, 1)) is None  # 1403 Q4: after the newest
    reopen_quarter(agreement=agreement, period=Quarter(1403, 3), admin=superuser, reason="اصلاح ارقام")
    assert _stored_and_fresh(agreement) == (14031, 14031)
    assert locked_quarter_refusal(b5, dt.date(2024, 10, 1)) is None
    reopen_quarter(agreement=agreement, period=Quarter(1403, 1), admin=superuser, reason="اصلاح ارقام")
    assert _stored_and_fresh(agreement) == (None, None)


def test_a_stale_copy_of_the_agreement_saved_in_full_does_not_bring_it_back(agreement, monitor):
    old = Agreement.objects.get(pk=agreement.pk)
    QuarterLock.objects.create(agreement=agreement, year=1403, quarter=2, changed_by=monitor)
    old.save()
    assert _stored_and_fresh(agreement) == (14032, 14032)


def test_rebuild_writes_what_the_locks_say(agreement, monitor):
    QuarterLock.objects.create(agreement=agreement, year=1403, quarter=2, changed_by=monitor)
    Agreement.objects.update(newest_locked_quarter=None)
    assert _stored_and_fresh(agreement) == (None, 14032)
    rebuild_newest_locked_quarters()
    assert _stored_and_fresh(agreement) == (14032, 14032)
