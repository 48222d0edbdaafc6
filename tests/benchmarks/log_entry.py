"""Benchmark: logging an entry (the log form's GET and POST) and a review's POST, against the sign-in page.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/peyman DEBUG=true .venv/bin/python -m tests.benchmarks.log_entry
    BENCHMARK_BIG_ENTRIES=100000 ... (the default)

In a throw-away database with the demo data: one commitment of the rural affairs office with 20
entries and one with BENCHMARK_BIG_ENTRIES (default 100,000; made with bulk_create, then
rebuild_progress). Each request goes through Django's test client (middleware, view, service,
queries, redirect), in rounds interleaved with the sign-in page, so both see the same noise; each
POST is a new submission (a new key), so the commitments grow by a few entries during the run. Printed
per request: queries, median wall and CPU time, and both as ratios to the sign-in page. CPU is this
process's only; PostgreSQL's share is in the wall time. Issue 21's goal: POST <= 6x wall, <= 5x CPU,
the big commitment within 1.2x of the small one.
"""

import datetime as dt
import os
import statistics
import time
import uuid

import django

from tests.benchmarks.harness import load_demo, machine, size, throwaway_database

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
REQUESTS = size(30, 2)
BIG = size(int(os.environ.get("BENCHMARK_BIG_ENTRIES", "100000")), 300)
SMALL = 20
SIGN_IN = "/accounts/login/"


def _grow(commitment, author, monitor, count):
    """Add entries to `count` (a fifth awaiting review, the rest accepted), then the stored figures."""
    from django.utils import timezone

    from obligations.models import Commitment, ProgressEntry

    have = commitment.entries.count()
    today, now = timezone.localdate(), timezone.now()
    batch = []
    for index in range(max(0, count - have)):
        accepted = index % 5 != 0
        batch.append(
            ProgressEntry(
                commitment=commitment,
                author=author,
                party=author.membership.party,
                happened_on=today - dt.timedelta(days=1 + index % 1500),
                reported_status="in_progress",
                percent_complete=index % 101,
                quantity=index % 7,
                narrative="گزارش آزمایشی برای سنجش کارایی",
                review_state="accepted" if accepted else "submitted",
                **({"reviewed_by": monitor, "reviewed_at": now} if accepted else {}),
            )
        )
        if len(batch) == 5000:
            ProgressEntry.objects.bulk_create(batch)
            batch = []
    ProgressEntry.objects.bulk_create(batch)
    Commitment.all_kinds.filter(pk=commitment.pk).rebuild_progress()  # bulk_create skips the services


def _timed(call) -> tuple[float, float, object]:
    wall, cpu = time.perf_counter(), time.process_time()
    response = call()
    return (time.perf_counter() - wall) * 1000, (time.process_time() - cpu) * 1000, response


def _queries(call) -> int:
    from django.db import connection

    executed = []

    def count(execute, sql, params, many, context):
        executed.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        call()
    return len(executed)


def _log_data(county) -> dict:
    return {
        "submission_key": str(uuid.uuid4()),
        "happened_on": dt.date.today().isoformat(),
        "reported_status": "in_progress",
        "percent_complete": "40",
        "quantity": "3",
        # Each text its own: the same content again within minutes is asked about, not saved.
        "narrative": f"بازدید از روستا و جلسه با شورا {uuid.uuid4().hex[:8]}",
        "county": str(county.pk),
        "village": "",
    }


def _review_call(client, monitor, commitment):
    """A review POST of the oldest entry awaiting review on this commitment."""
    from obligations.models import ProgressEntry

    entry = ProgressEntry.objects.awaiting_review().filter(commitment=commitment).order_by("created_at").first()
    url = f"/en/a/{commitment.agreement.reference}/review/{entry.pk}/"
    data = {"decision": "accepted", "comment": "", "version": str(entry.version)}
    return lambda: client.post(url, data)


def main():
    django.setup()
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client

    from obligations.models import Commitment

    with throwaway_database(demo=True):
        agreement = load_demo()
        users = get_user_model().objects.select_related("membership__party")
        staff, monitor = users.get(username="rural-staff"), users.get(username="relief-monitor")
        small, big = (Commitment.objects.get(agreement=agreement, number=number) for number in ("B5", "B7"))
        _grow(small, staff, monitor, SMALL)
        _grow(big, staff, monitor, BIG)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        county = agreement.counties.order_by("pk").first()
        author, reviewer, anonymous = Client(), Client(), Client()
        author.force_login(staff)
        reviewer.force_login(monitor)
        base = f"/en/a/{agreement.reference}/commitments"  # English: the date typed in ISO
        print(f"Log entry benchmark on {machine()}; median of {REQUESTS} requests each")
        print(f"{small.number}: {small.entries.count():,} entries, {big.number}: {big.entries.count():,} entries")
        print(f"{'request':<24} {'queries':>7} {'wall ms':>8} {'CPU ms':>7} {'wall ×':>7} {'CPU ×':>6}  (× sign-in)")
        results = {}
        for commitment in (small, big):
            url = f"{base}/{commitment.number}/log/"
            requests = {
                f"log form GET {commitment.number}": lambda url=url: author.get(url),
                f"log form POST {commitment.number}": lambda url=url: author.post(url, _log_data(county)),
                f"review POST {commitment.number}": None,
            }
            for label, call in requests.items():
                make = (lambda c=commitment: _review_call(reviewer, monitor, c)) if call is None else (lambda c=call: c)
                make()(), anonymous.get(SIGN_IN)  # warm: templates, translations, session
                queries = _queries(make())
                page, sign_in = [], []
                for _ in range(REQUESTS):
                    # A browser follows the redirect, whose page shows and drops the message: without
                    # that, every POST would carry all the earlier ones in its cookie (a hundred by the end).
                    author.cookies.pop("messages", None), reviewer.cookies.pop("messages", None)
                    wall, cpu, response = _timed(make())
                    expected = 200 if "GET" in label else 302  # a refused form would be a 200
                    assert response.status_code == expected, (label, response.status_code)
                    page.append((wall, cpu))
                    sign_in.append(_timed(lambda: anonymous.get(SIGN_IN))[:2])
                wall, cpu = (statistics.median(m[i] for m in page) for i in (0, 1))
                base_wall, base_cpu = (statistics.median(m[i] for m in sign_in) for i in (0, 1))
                results[label] = (wall, cpu)
                print(
                    f"{label:<24} {queries:>7} {wall:>8.1f} {cpu:>7.1f} {wall / base_wall:>7.1f} "
                    f"{cpu / base_cpu if base_cpu else float('nan'):>6.1f}"
                )
        for kind in ("log form POST", "review POST"):
            (small_wall, small_cpu), (big_wall, big_cpu) = (results[f"{kind} {c.number}"] for c in (small, big))
            print(
                f"{kind}: {big.number} / {small.number} = "
                f"{big_wall / small_wall:.2f} wall, {big_cpu / small_cpu:.2f} CPU"
            )
        load = os.getloadavg()
        print(f"load average at the end {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")


if __name__ == "__main__":
    main()
