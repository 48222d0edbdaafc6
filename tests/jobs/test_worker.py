"""A real worker process (`manage.py db_worker`) picks a queued job from the database and runs it."""

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django_tasks_db.models import DBTaskResult

from notifications.models import Kind, Notification
from notifications.tasks import send_notification_emails

BASE_DIR = Path(settings.BASE_DIR)


@pytest.fixture
def database_backend(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default", "reports"]}}


def database_url_for_worker(tmp_path) -> str:
    """The test database as another process reaches it (an in-memory SQLite one is copied to a file)."""
    db = connection.settings_dict
    if connection.vendor == "postgresql":
        return f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST'] or 'localhost'}:{db['PORT'] or 5432}/{db['NAME']}"
    path = tmp_path / "worker.sqlite3"
    connection.ensure_connection()
    with sqlite3.connect(path) as target:
        connection.connection.backup(target)
    return f"sqlite:///{path}"


def bring_back(url: str) -> None:
    """Copy the worker's SQLite file back into the test's in-memory database."""
    if connection.vendor == "sqlite":
        with sqlite3.connect(url.removeprefix("sqlite:///")) as source:
            source.backup(connection.connection)


def worker_env(url: str) -> dict:
    return {
        **os.environ,
        "DEBUG": "true",
        "DATABASE_URL": url,
        # What a job writes lands in the test's folder, never in the checkout's media/.
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "EMAIL_HOST": "",
        "EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend",
    }


WORKER = [sys.executable, "manage.py", "db_worker", "--batch", "--no-startup-delay", "--no-reload", "--queue-name", "*"]


@pytest.mark.django_db(transaction=True)
def test_two_workers_share_the_queue_and_run_each_job_once(
    django_user_model, rural, agreement, database_backend, tmp_path
):
    from agreement.models import Membership

    notifications = []
    for n in range(12):
        person = django_user_model.objects.create_user(username=f"person-{n}", email=f"person-{n}@example.org")
        Membership.objects.create(user=person, party=rural, role=Membership.Role.STAFF)
        notifications.append(
            Notification.objects.create(
                recipient=person, agreement=agreement, kind=Kind.REPORT_ISSUED, params={}, event_key="two-workers"
            )
        )
    results = [send_notification_emails.enqueue([n.pk]) for n in notifications]
    url = database_url_for_worker(tmp_path)

    workers = [
        subprocess.Popen(
            WORKER + ["--worker-id", f"w{n}"],
            cwd=BASE_DIR,
            env=worker_env(url),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for n in range(2)
    ]
    outputs = [worker.communicate(timeout=180) for worker in workers]
    bring_back(url)

    assert [worker.returncode for worker in workers] == [0, 0], [err for _out, err in outputs]
    sent = [line for out, _err in outputs for line in out.splitlines() if line.startswith("To: ")]
    assert sorted(sent) == sorted(f"To: person-{n}@example.org" for n in range(12))
    assert {DBTaskResult.objects.get(pk=r.id).status for r in results} == {"SUCCESSFUL"}
    assert all(len(DBTaskResult.objects.get(pk=r.id).worker_ids) == 1 for r in results)


@pytest.mark.django_db(transaction=True)
def test_a_worker_process_sends_a_queued_email(rural_staff, agreement, database_backend, tmp_path):
    rural_staff.email = "rural-staff@example.org"
    rural_staff.save()
    notification = Notification.objects.create(
        recipient=rural_staff,
        agreement=agreement,
        kind=Kind.ENTRY_RETURNED,
        params={"number": "B5", "comment": "عکس ندارد"},
        path="/a/qazvin-ikrc-rural-1397/commitments/B5/",
        event_key="worker-test",
    )
    result = send_notification_emails.enqueue([notification.pk])
    assert DBTaskResult.objects.get(pk=result.id).status == "READY"
    url = database_url_for_worker(tmp_path)

    worker = subprocess.run(
        WORKER,
        cwd=BASE_DIR,
        env=worker_env(url),
        capture_output=True,
        text=True,
        timeout=120,
    )
    bring_back(url)

    assert worker.returncode == 0, worker.stderr
    assert "To: rural-staff@example.org" in worker.stdout
    assert DBTaskResult.objects.get(pk=result.id).status == "SUCCESSFUL"
    notification.refresh_from_db()
    assert notification.emailed_at is not None
