"""Benchmark: SQL queries and server time of the commitments page and a commitment page.

    DEBUG=true .venv/bin/python -m tests.benchmarks.workspace           # database from DATABASE_URL
    BENCHMARK_ENTRIES=20000 DEBUG=true .venv/bin/python -m tests.benchmarks.workspace

Works in a throw-away test database (created and dropped here, as the test runner does): loads
the Qazvin agreement, the demo people and progress, times 20 requests of each page as rural
staff through Django's test client (middleware, view, queries, template) and prints the median;
then adds BENCHMARK_ENTRIES entries (default 100,000) spread over the agreement's commitments and
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
    connection.queries_log.clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, response.status_code
    times = []
    for _ in range(REQUESTS):
        start = time.perf_counter()
        client.get(url)
        times.append((time.perf_counter() - start) * 1000)
    return len(queries), statistics.median(times), len(response.content)


def _add_entries(agreement, count):
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from obligations.models import ProgressEntry

    users = {u.username: u for u in get_user_model().objects.select_related("membership__party")}
    staff = {"ikrc-qazvin": users["relief-staff"], "rural-affairs-qazvin": users["rural-staff"]}
    commitments = list(agreement.commitments.select_related("owner"))
    counties = list(agreement.counties.all())
    today = timezone.localdate()
    batch = []
    for index in range(count):
        commitment = commitments[index % len(commitments)]
        author = staff[commitment.owner.code] if commitment.owner_id else staff["rural-affairs-qazvin"]
        batch.append(
            ProgressEntry(
                commitment=commitment,
                author=author,
                party=author.membership.party,
                happened_on=today - dt.timedelta(days=index % 2000),
                reported_status="in_progress",
                percent_complete=index % 101,
                quantity=index % 7 if commitment.measures_quantity else None,
                narrative="گزارش آزمایشی برای سنجش کارایی",
                county=counties[index % len(counties)],
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

    settings.ALLOWED_HOSTS = ["testserver"]
    old_config = setup_databases(verbosity=0, interactive=False)
    try:
        call_command("load_agreement", "fixtures/qazvin_1397.json", verbosity=0)
        call_command("seed_demo_people", verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115
        call_command("seed_demo_progress", verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115
        agreement = Agreement.objects.get()
        client = Client()
        client.force_login(get_user_model().objects.get(username="rural-staff"))
        base = f"/a/{agreement.reference}/commitments/"
        pages = (
            ("commitments", base),
            ("commitments, filtered", f"{base}?owner=rural-affairs-qazvin&stale=1&q=زکات"),
            ("commitment B12", f"{base}B12/"),
        )
        print(f"Workspace benchmark on {connection.vendor} (Python {sys.version.split()[0]}), median of {REQUESTS}")
        print(f"{'page':<24} {'entries':>8} {'queries':>8} {'median ms':>10} {'KB':>7}")
        for label in ("demo", "bulk"):
            if label == "bulk":
                _add_entries(agreement, ENTRIES)
                if connection.vendor == "postgresql":
                    with connection.cursor() as cursor:
                        cursor.execute("ANALYZE")
            entries = ProgressEntry.objects.filter(commitment__agreement=agreement).count()
            for name, url in pages:
                queries, median, size = _measure(client, url)
                print(f"{name:<24} {entries:>8} {queries:>8} {median:>10.1f} {size / 1024:>7.0f}")
    finally:
        teardown_databases(old_config, verbosity=0)


if __name__ == "__main__":
    main()
