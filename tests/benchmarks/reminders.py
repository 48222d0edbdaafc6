"""Benchmark: queueing the focal points' weekly digest for 1,000 people, then sending it.

    DEBUG=true .venv/bin/python -m tests.benchmarks.reminders        # database from DATABASE_URL
    BENCHMARK_PEOPLE=5000 DEBUG=true .venv/bin/python -m tests.benchmarks.reminders

Works in a throw-away test database: loads the Qazvin agreement and demo progress, adds
BENCHMARK_PEOPLE focal points (half per party, each with an address), then times
`send_focal_digests()` with the real database job backend (notifications stored, e-mail jobs
queued) and counts its queries; then runs the queued e-mail jobs in this process with an in-memory
mail backend and counts theirs. A script, not a test: timings depend on the machine.
"""

import os
import time

import django

from tests.benchmarks.harness import machine, migrated_database, size

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
PEOPLE = size(int(os.environ.get("BENCHMARK_PEOPLE", "1000")), 30)


def main():
    django.setup()
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django_tasks_db.models import DBTaskResult

    from agreement.models import Membership, Party
    from monitoring.reminders import send_focal_digests
    from notifications.models import Notification
    from notifications.tasks import send_notification_emails

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    with migrated_database():
        quiet = open(os.devnull, "w")  # noqa: SIM115
        call_command("load_agreement", "fixtures/qazvin_1397.json", verbosity=0)
        call_command("seed_demo_people", verbosity=0, stdout=quiet)
        call_command("seed_demo_progress", verbosity=0, stdout=quiet)
        User = get_user_model()
        parties = list(Party.objects.filter(code__in=["ikrc-qazvin", "rural-affairs-qazvin"]))
        password = make_password(None)
        users = User.objects.bulk_create(
            User(username=f"focal-{n}", email=f"focal-{n}@example.org", password=password) for n in range(PEOPLE)
        )
        users = User.objects.filter(username__startswith="focal-").order_by("pk")
        Membership.objects.bulk_create(
            Membership(user=user, party=parties[n % 2], role=Membership.Role.FOCAL_POINT)
            for n, user in enumerate(users)
        )
        people = Membership.objects.filter(role=Membership.Role.FOCAL_POINT).count()

        earlier = set(DBTaskResult.objects.values_list("pk", flat=True))  # the demo's own returned entries
        with CaptureQueriesContext(connection) as queued:
            start = time.perf_counter()
            created = send_focal_digests()
            queue_seconds = time.perf_counter() - start
        jobs = list(DBTaskResult.objects.exclude(pk__in=earlier))

        with CaptureQueriesContext(connection) as sending:
            start = time.perf_counter()
            sent = sum(send_notification_emails.call(*job.task_result.args) for job in jobs)
            send_seconds = time.perf_counter() - start
        rerun = send_focal_digests()

        print(f"Weekly focal-point digest on {machine()}")
        print(f"focal points: {people}; notifications created: {created}; e-mail jobs queued: {len(jobs)}")
        print(f"queue:  {queue_seconds:6.2f} s, {len(queued)} queries ({len(queued) / people:.3f} per person)")
        per_person = len(sending) / people
        print(f"send:   {send_seconds:6.2f} s, {len(sending)} queries ({per_person:.3f} per person), {sent} e-mails")
        print(f"second run the same week: {rerun} notifications; total stored: {Notification.objects.count()}")


if __name__ == "__main__":
    main()
