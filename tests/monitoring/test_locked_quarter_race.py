"""An entry checked just before a report issues cannot land in the quarter the report locks.

Two real PostgreSQL connections. The writer's check reads the agreement's row with a share lock
(monitoring.models.newest_locked_quarter_held) and issuing takes it for update before it sets the
quarter's lock (reports.issue, the steps inside its transaction), so one waits for the other: the
writer that came first is committed before the lock (and the issue waits for it), the writer that
came second is refused. Two writers on one agreement share the lock and wait for nobody.
"""

import datetime as dt
import threading
import time

import pytest
from django.db import connection, connections, transaction

from agreement.jalali import Quarter
from agreement.models import Agreement
from monitoring.models import QuarterLock
from obligations.models import Commitment, ProgressEntry
from obligations.services import WorkDateRefused, record_progress
from reports.issue import _lock_quarter

pytestmark = pytest.mark.django_db(transaction=True)
IN_Q2 = dt.date(2024, 8, 20)  # 1403 Q2


@pytest.fixture(autouse=True)
def _postgresql_only():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL's row locks and concurrent connections")


def _log(commitment, author, narrative):
    return record_progress(
        commitment=commitment,
        author=author,
        happened_on=IN_Q2,
        reported_status="in_progress",
        percent_complete=40,
        narrative=narrative,
    )


def _in_thread(target):
    outcome: dict = {}

    def run():
        try:
            outcome["value"] = target()
        except Exception as error:  # noqa: BLE001 - the test reads it
            outcome["error"] = error
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    return thread, outcome


def _issue(agreement, monitor, held=None, release=None):
    """What issue_report does under its lock: the agreement's row for update, then the quarter's lock."""
    with transaction.atomic():
        Agreement.objects.select_for_update().filter(pk=agreement.pk).first()
        _lock_quarter(agreement, Quarter(1403, 2), monitor, "R-1403-2")
        if held is not None:
            held.set()
            release.wait(10)


def test_an_issue_under_way_makes_the_writer_wait_and_then_refuses_it(agreement, monitor, rural_staff):
    b5 = Commitment.objects.select_related("agreement").get(agreement=agreement, number="B5")
    held, release = threading.Event(), threading.Event()
    issuer, issued = _in_thread(lambda: _issue(agreement, monitor, held, release))
    assert held.wait(10)
    writer, written = _in_thread(lambda: _log(b5, rural_staff, "پس از صدور"))
    time.sleep(0.5)
    assert writer.is_alive(), "the writer did not wait for the issue holding the agreement's row"
    release.set()
    issuer.join(10)
    writer.join(10)
    assert "error" not in issued, issued
    assert isinstance(written.get("error"), WorkDateRefused), written
    assert not ProgressEntry.objects.filter(commitment=b5, happened_on=IN_Q2).exists()


def test_a_writer_checked_first_is_committed_before_the_quarter_locks(agreement, monitor, rural_staff, relief_staff):
    b5 = Commitment.objects.select_related("agreement").get(agreement=agreement, number="B5")
    j1 = Commitment.objects.select_related("agreement").get(agreement=agreement, number="J1")
    checked, release = threading.Event(), threading.Event()

    def slow_writer():
        with transaction.atomic():
            entry, _ = _log(b5, rural_staff, "پیش از صدور")
            checked.set()
            release.wait(10)
        return entry

    writer, written = _in_thread(slow_writer)
    assert checked.wait(10)
    # A second writer on the same agreement shares the row's lock: it does not wait for the first.
    other, other_written = _in_thread(lambda: _log(j1, relief_staff, "همزمان"))
    other.join(5)
    assert not other.is_alive() and "error" not in other_written, other_written
    issuer, issued = _in_thread(lambda: _issue(agreement, monitor))
    time.sleep(0.5)
    assert issuer.is_alive(), "the issue did not wait for the writer that had checked the date"
    release.set()
    writer.join(10)
    issuer.join(10)
    assert "error" not in written and "error" not in issued, (written, issued)
    assert QuarterLock.is_locked(agreement, Quarter(1403, 2))
    # Both entries were committed before the lock; none can be written after it.
    assert ProgressEntry.objects.filter(commitment__in=[b5, j1], happened_on=IN_Q2).count() == 2
    with pytest.raises(WorkDateRefused):
        _log(Commitment.objects.select_related("agreement").get(pk=b5.pk), rural_staff, "دیرتر")
