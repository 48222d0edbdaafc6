"""Benchmark: every main page's query count and server time, as a ratio to the sign-in page.

    make benchmark                                   # all benchmark scripts
    DEBUG=true .venv/bin/python -m tests.benchmarks.pages
    BENCHMARK_ENTRIES=20000 DATABASE_URL=postgres://postgres@127.0.0.1:5432/peyman DEBUG=true \
        .venv/bin/python -m tests.benchmarks.pages

In a throw-away database: the Qazvin agreement with the demo data, then with BENCHMARK_ENTRIES more
entries (default 100,000). Each page is requested through Django's test client (middleware, view,
queries, template) in rounds interleaved with the sign-in page, and printed as the median wall
and CPU time and its ratio to the sign-in page measured in the same run: on a shared, noisy
machine the ratio is the figure to compare, not the milliseconds.
"""

import datetime as dt
import os

import django

from tests.benchmarks.harness import load_demo, machine, print_side_by_side, size, throwaway_database

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
REQUESTS = size(20, 2)
ENTRIES = size(int(os.environ.get("BENCHMARK_ENTRIES", "100000")), 200)


def _add_entries(agreement, count):
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from obligations.models import Commitment, ProgressEntry

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
    Commitment.objects.filter(agreement=agreement).rebuild_progress()  # bulk_create skips the services


def pages_of(agreement) -> dict[str, str]:
    from agreement.jalali import Quarter

    base = f"/a/{agreement.reference}"
    quarter = Quarter.current().previous()
    return {
        "commitments": f"{base}/commitments/",
        "commitments, filtered": f"{base}/commitments/?owner=rural-affairs-qazvin&stale=1&q=زکات",
        "commitment B12": f"{base}/commitments/B12/",
        "dashboard": f"{base}/dashboard/",
        "dashboard, filtered": f"{base}/dashboard/?party=rural-affairs-qazvin&quarter={quarter}&county=qazvin",
        "entries list": f"{base}/entries/",
        "review queue": f"{base}/review/",
        "evaluations": f"{base}/evaluations/?quarter={quarter}",
    }


def main():
    django.setup()
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client

    from obligations.models import ProgressEntry

    with throwaway_database(demo=True):
        agreement = load_demo()
        client = Client()
        client.force_login(get_user_model().objects.get(username="relief-monitor"))
        print(f"Pages benchmark on {machine()}; median of {REQUESTS} requests each")
        for label in ("demo data", f"demo + {ENTRIES:,} entries"):
            if label != "demo data":
                _add_entries(agreement, ENTRIES)
                if connection.vendor == "postgresql":
                    with connection.cursor() as cursor:
                        cursor.execute("ANALYZE")
            entries = ProgressEntry.objects.filter(commitment__agreement=agreement).count()
            print(f"\n{label}: {entries:,} entries")
            print_side_by_side(client, pages_of(agreement), REQUESTS)


if __name__ == "__main__":
    main()
