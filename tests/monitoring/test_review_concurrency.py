"""Two monitors deciding on one entry at the same moment, on real database connections.

The view-level test (test_review_entry.py) covers two monitors one after the other with the same
version; here the second decision arrives while the first still holds the row lock.
"""

import threading
import time

import pytest
from django.db import connection, connections, transaction

from obligations.models import ProgressEntry, Review
from obligations.services import ConflictError, review_entry

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _postgresql_only():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL's row locks and concurrent connections (CI runs it)")


def _in_thread(target, results, key):
    def run():
        try:
            results[key] = target()
        except ConflictError:
            results[key] = "conflict"
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    return thread


def test_the_second_decision_waits_for_the_first_and_is_refused(transactional_db, monitor, second_monitor, b5_entry):
    first_decided, release = threading.Event(), threading.Event()
    results = {}

    def first():
        with transaction.atomic():
            review_entry(entry=b5_entry, reviewer=monitor, decision="accepted", expected_version=1)
            first_decided.set()
            release.wait(10)  # keep the row locked while the second monitor tries
        return "decided"

    def second():
        first_decided.wait(10)
        review_entry(entry=b5_entry, reviewer=second_monitor, decision="returned", comment="ناقص", expected_version=1)
        return "decided"

    one = _in_thread(first, results, "first")
    two = _in_thread(second, results, "second")
    first_decided.wait(10)
    time.sleep(0.5)
    blocked_while_locked = two.is_alive()
    release.set()
    one.join(10)
    two.join(10)

    assert blocked_while_locked, "the second decision should wait for the first one's row lock"
    assert results == {"first": "decided", "second": "conflict"}
    entry = ProgressEntry.objects.get(pk=b5_entry.pk)
    assert (entry.review_state, entry.reviewed_by_id, entry.review_comment) == ("accepted", monitor.pk, "")
    assert list(Review.objects.values_list("actor", "decision")) == [(monitor.pk, "accepted")]


def test_of_many_simultaneous_decisions_exactly_one_wins(
    transactional_db, monitor, second_monitor, log_entry, commitment, rural_staff
):
    for _ in range(5):
        entry = log_entry(commitment("B5"), rural_staff)
        start = threading.Barrier(2)
        results = {}

        def decide(reviewer, decision, entry=entry, start=start):
            start.wait(10)
            review_entry(entry=entry, reviewer=reviewer, decision=decision, comment="اصلاح شود", expected_version=1)
            return decision

        threads = [
            _in_thread(lambda: decide(monitor, "accepted"), results, "a"),
            _in_thread(lambda: decide(second_monitor, "returned"), results, "b"),
        ]
        for thread in threads:
            thread.join(10)

        assert sorted(results.values(), key=str) in (["accepted", "conflict"], ["conflict", "returned"])
        assert entry.reviews.count() == 1
        entry.refresh_from_db()
        assert entry.review_state == entry.reviews.get().decision
