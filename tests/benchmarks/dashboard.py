"""Benchmark: the dashboard's SQL query count and server time, with the demo data and with 100,000 entries.

    DEBUG=true .venv/bin/python -m tests.benchmarks.dashboard            # database from DATABASE_URL
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/peyman DEBUG=true .venv/bin/python -m tests.benchmarks.dashboard

It works in a throw-away test database (created and dropped here, as the test runner does), loads
the Qazvin agreement, the demo people and the demo progress, then times 20 requests of the
dashboard as the monitor through Django's test client (the whole request: middleware, views,
queries, template) and prints the median. Then it adds 100,000 entries to the agreement and
measures again. A script, not a test: timings depend on the machine.
"""

import datetime as dt
import os
import statistics
import sys
import time

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
REQUESTS = 20
ENTRIES = int(os.environ.get("BENCHMARK_ENTRIES", "100000"))


def _measure(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)  # warm caches (templates, session, translations)
    connection.queries_log.clear()  # the log keeps 9,000 queries: a full one would count nothing
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, response.status_code
    times = []
    for _ in range(REQUESTS):
        start = time.perf_counter()
        client.get(url)
        times.append((time.perf_counter() - start) * 1000)
    slowest = sorted(queries.captured_queries, key=lambda q: float(q["time"]), reverse=True)[:3]
    sql_ms = sum(float(q["time"]) for q in queries.captured_queries) * 1000
    return len(queries), statistics.median(times), min(times), max(times), sql_ms, slowest


def _add_entries(agreement, count):
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from obligations.models import ProgressEntry

    users = {u.username: u for u in get_user_model().objects.select_related("membership__party")}
    staff = {"ikrc-qazvin": users["relief-staff"], "rural-affairs-qazvin": users["rural-staff"]}
    monitor = users["relief-monitor"]
    commitments = list(agreement.commitments.select_related("owner"))
    counties = list(agreement.counties.all())
    today, now = timezone.localdate(), timezone.now()
    states = ["accepted", "accepted", "accepted", "submitted", "returned"]
    batch = []
    for index in range(count):
        commitment = commitments[index % len(commitments)]
        author = staff[commitment.owner.code] if commitment.owner_id else staff["rural-affairs-qazvin"]
        state = states[index % len(states)]
        reviewed = {} if state == "submitted" else {"reviewed_by": monitor, "reviewed_at": now}
        batch.append(
            ProgressEntry(
                commitment=commitment,
                author=author,
                party=author.membership.party,
                happened_on=today - dt.timedelta(days=index % 1500),
                reported_status="in_progress",
                percent_complete=index % 101,
                narrative="گزارش آزمایشی برای سنجش کارایی",
                county=counties[index % len(counties)],
                review_state=state,
                review_comment="مستندات تکمیلی" if state == "returned" else "",
                **reviewed,
            )
        )
        if len(batch) == 5000:
            ProgressEntry.objects.bulk_create(batch)
            batch = []
    ProgressEntry.objects.bulk_create(batch)


def main():
    django.setup()
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_databases, teardown_databases

    from agreement.models import Agreement
    from obligations.models import ProgressEntry

    # Not setup_test_environment(): its template instrumentation would slow every render.
    settings.ALLOWED_HOSTS = ["testserver"]
    old_config = setup_databases(verbosity=0, interactive=False)
    try:
        call_command("load_agreement", "fixtures/qazvin_1397.json", verbosity=0)
        call_command("seed_demo_people", verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115
        call_command("seed_demo_progress", verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115
        agreement = Agreement.objects.get()
        client = Client()
        client.force_login(get_user_model().objects.get(username="relief-monitor"))
        url = f"/a/{agreement.reference}/dashboard/"
        filtered = f"{url}?party=rural-affairs-qazvin&quarter=1404-Q3&county=qazvin"
        print(f"Dashboard benchmark on {connection.vendor} ({sys.version.split()[0]}), {REQUESTS} requests each")
        print(f"{'data':<34} {'entries':>8} {'queries':>8} {'median ms':>10} {'min':>7} {'max':>7} {'SQL ms':>7}")
        for label in ("demo data", f"demo + {ENTRIES:,} entries"):
            if label != "demo data":
                _add_entries(agreement, ENTRIES)
                if connection.vendor == "postgresql":
                    with connection.cursor() as cursor:
                        cursor.execute("ANALYZE")
            entries = ProgressEntry.objects.filter(commitment__agreement=agreement).count()
            for name, target in (("", url), (", filtered", filtered)):
                queries, median, low, high, sql_ms, slowest = _measure(client, target)
                figures = f"{queries:>8} {median:>10.1f} {low:>7.1f} {high:>7.1f} {sql_ms:>7.1f}"
                print(f"{label + name:<34} {entries:>8} {figures}")
                if os.environ.get("BENCHMARK_SHOW_SQL"):
                    for query in slowest:
                        print(f"    {float(query['time']) * 1000:7.1f} ms  {query['sql'][:150]}")
    finally:
        teardown_databases(old_config, verbosity=0)


if __name__ == "__main__":
    main()
