"""Benchmark: people logging at once on different commitments of one agreement, with and without a hot row.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/peyman DEBUG=true \
        .venv/bin/python -m tests.benchmarks.concurrent_writers

WRITERS threads (default 8), each with its own PostgreSQL connection, log ENTRIES entries each on a
commitment of its own, all of one agreement, through record_progress. Two designs, side by side in
one run, alternating round by round: today's (an entry's write raises its commitment's
figures_version, the row it locks anyway) and the one before (every write also raised the agreement's
figures_version first, so all writers of an agreement queued on that row until their commit). Each
runs with no hold and with HOLD_MS inside the transaction, standing for storing a photo: the longer a
transaction holds the agreement's row, the more the others wait. Prints entries per second and the
ratio. PostgreSQL only (SQLite writes one at a time whatever the design).
"""

import os
import statistics
import threading
import time

import django

from tests.benchmarks.harness import load_demo, machine, size, throwaway_database

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
WRITERS = size(int(os.environ.get("BENCHMARK_WRITERS", "8")), 2)
ENTRIES = size(15, 2)
ROUNDS = size(3, 1)
HOLD_MS = 20


def _run(commitments, author, *, hot_row: bool, hold_ms: int) -> float:
    """Entries per second with every writer on its own commitment."""
    from django.db import connections, transaction
    from django.utils import timezone

    from agreement.models import Agreement
    from obligations.services import record_progress

    start, errors = threading.Barrier(len(commitments) + 1), []

    def writer(commitment):
        try:
            start.wait(30)
            for number in range(ENTRIES):
                with transaction.atomic():
                    if hot_row:  # the design before: the agreement's row first, held to the commit
                        Agreement.objects.figures_changed(commitment.agreement_id)
                    record_progress(
                        commitment=commitment,
                        author=author,
                        happened_on=timezone.localdate(),
                        reported_status="in_progress",
                        percent_complete=number % 101,
                        narrative="گزارش همزمان",
                    )
                    if hold_ms:
                        time.sleep(hold_ms / 1000)  # a photo being stored
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(repr(error))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=writer, args=(c,)) for c in commitments]
    for thread in threads:
        thread.start()
    start.wait(30)
    began = time.perf_counter()
    for thread in threads:
        thread.join(300)
    elapsed = time.perf_counter() - began
    assert not errors, errors
    return len(commitments) * ENTRIES / elapsed


def main():
    django.setup()
    from django.contrib.auth import get_user_model
    from django.db import connection

    from obligations.models import Commitment

    with throwaway_database(demo=True):
        print(f"Concurrent writers benchmark on {machine()}")
        if connection.vendor != "postgresql":
            print("needs PostgreSQL: SQLite takes one writer at a time whatever the design")
            return
        agreement = load_demo()
        author = get_user_model().objects.select_related("membership__party").get(username="rural-staff")
        commitments = list(Commitment.objects.filter(agreement=agreement).order_by("pk")[:WRITERS])
        print(f"{len(commitments)} writers, one commitment each of one agreement, {ENTRIES} entries each")
        print(f"{'hold in the transaction':<26} {'per-commitment':>15} {'agreement row':>14} {'ratio':>6}  (entries/s)")
        for hold in (0, HOLD_MS):
            fast, hot = [], []
            for _ in range(ROUNDS):
                fast.append(_run(commitments, author, hot_row=False, hold_ms=hold))
                hot.append(_run(commitments, author, hot_row=True, hold_ms=hold))
            fast_median, hot_median = statistics.median(fast), statistics.median(hot)
            print(f"{f'{hold} ms':<26} {fast_median:>15.1f} {hot_median:>14.1f} {fast_median / hot_median:>6.2f}")
        stale = Commitment.objects.filter(agreement=agreement).stale_progress()
        print(f"commitments whose stored figures differ from a fresh computation afterwards: {len(stale)}")
        load = os.getloadavg()
        print(f"load average at the end {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")


if __name__ == "__main__":
    main()
