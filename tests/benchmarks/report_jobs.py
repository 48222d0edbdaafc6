"""Benchmark: how fast preview and issue requests answer now that a worker builds the PDF.

    DEBUG=true .venv/bin/python -m tests.benchmarks.report_jobs
    BENCHMARK_ENTRIES=5000 BENCHMARK_RENDER=1 DEBUG=true .venv/bin/python -m tests.benchmarks.report_jobs

In a throwaway test database, builds the generated agreement of tests.benchmarks.report_pdf
(60 commitments) with BENCHMARK_ENTRIES entries in the quarter (default 5,000), then times through
Django's test client, as the monitor: the issue confirmation page (GET), the preview request and
the issue request (POST; each stores a job row and queues it with the real database job backend).
With BENCHMARK_RENDER=1 it then runs the queued issue job in this process, as a worker would, and
prints how long the render took and whether the report was stored.
"""

import os
import statistics
import time

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from agreement.jalali import Quarter  # noqa: E402
from tests.benchmarks.harness import machine, migrated_database, size  # noqa: E402
from tests.benchmarks.report_pdf import generated_agreement  # sets Django up

ENTRIES = size(int(os.environ.get("BENCHMARK_ENTRIES", "5000")), 60)
REQUESTS = size(10, 2)


def timed(call, repeats=REQUESTS):
    call()  # warm
    connection.queries_log.clear()  # each request resets the log; start from empty
    with CaptureQueriesContext(connection) as queries:
        response = call()
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        call()
        times.append((time.perf_counter() - started) * 1000)
    return response, len(queries), statistics.median(times), max(times)


def main() -> None:
    from django.contrib.auth import get_user_model

    from obligations.models import ProgressEntry
    from reports.jobs import run
    from reports.models import IssuedReport, ReportJob

    setup_test_environment()
    settings.ALLOWED_HOSTS = ["testserver"]
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default", "reports"]}}
    # A copy of the smoke run's migrated database where there is one (migrating costs about 13 s of CPU).
    with migrated_database():
        period = Quarter.containing(timezone.localdate()).previous()
        agreement = generated_agreement(period, entries=ENTRIES)
        in_quarter = ProgressEntry.objects.filter(
            commitment__agreement=agreement, happened_on__range=(period.first_day, period.last_day)
        ).count()
        client = Client()
        client.force_login(get_user_model().objects.get(username="bench-monitor"))
        ref = agreement.reference
        form = {"quarter": str(period), "language": "fa", "accept_unevaluated": "on"}
        print(f"Report requests on {machine()}: {in_quarter} entries in {period}, median of {REQUESTS}")
        print(f"{'request':<34} {'status':>6} {'queries':>8} {'median ms':>10} {'max ms':>8}")
        rows = [
            ("issue confirmation (GET)", lambda: client.get(reverse("report_issue", args=[ref]), form)),
            ("preview (POST, queues a job)", lambda: client.post(reverse("report_preview", args=[ref]), form)),
            ("issue (POST, queues a job)", lambda: client.post(reverse("report_issue", args=[ref]), form)),
        ]
        for label, call in rows:
            response, queries, median, slowest = timed(call)
            print(f"{label:<34} {response.status_code:>6} {queries:>8} {median:>10.1f} {slowest:>8.1f}")
        job_page = reverse("report_job", args=[ref, ReportJob.objects.first().pk])
        response, queries, median, slowest = timed(lambda: client.get(job_page))
        label = "job page (GET, refreshes itself)"
        print(f"{label:<34} {response.status_code:>6} {queries:>8} {median:>10.1f} {slowest:>8.1f}")
        print(f"jobs queued: {ReportJob.objects.count()}; reports issued: {IssuedReport.objects.count()}")
        if os.environ.get("BENCHMARK_RENDER"):
            job = ReportJob.objects.filter(kind="issue").order_by("pk").first()
            started = time.perf_counter()
            outcome = run(job.pk)
            job.refresh_from_db()
            print(
                f"worker: issue job {outcome} in {time.perf_counter() - started:.1f} s; "
                f"report {job.report.report_number if job.report else '-'}, "
                f"{job.report.size / 1024 if job.report else 0:.0f} KB {job.failure}"
            )


if __name__ == "__main__":
    main()
