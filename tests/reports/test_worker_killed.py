"""A worker killed with SIGKILL in the middle of a parallel report build: its layout processes die
with it, the job says "failed, try again" within seconds, and the retry builds the report."""

import datetime as dt
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from jobs.models import WorkerHeartbeat
from jobs.worker import WORKER_DIED, release_jobs_of_dead_workers
from reports import jobs
from reports.models import ReportJob

BASE_DIR = Path(settings.BASE_DIR)


@pytest.fixture
def database_backend(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default", "reports"]}}


def children_of(pid: int) -> list[int]:
    """Live (not zombie) processes whose parent is `pid`."""
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid and fields[0] != "Z":
            found.append(int(entry))
    return found


def alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def wait_for(condition, timeout, what):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"timed out after {timeout} s waiting for {what}")


def start_worker(worker_id: str) -> subprocess.Popen:
    db = connection.settings_dict
    url = f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST'] or 'localhost'}:{db['PORT'] or 5432}/{db['NAME']}"
    env = {
        **os.environ,
        "DEBUG": "true",
        "DATABASE_URL": url,
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "PEYMAN_REPORT_PROCESSES": "2",
        "PEYMAN_WORKER_HEARTBEAT_SECONDS": "0.5",
        "PEYMAN_WORKER_DEAD_AFTER_SECONDS": "3",
    }
    command = [sys.executable, "manage.py", "db_worker", "--queue-name", "*", "--no-reload", "--interval", "0.2"]
    return subprocess.Popen(
        [*command, "--worker-id", worker_id],
        cwd=BASE_DIR,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def state_of(job) -> str:
    job.refresh_from_db()
    return job.state


@pytest.mark.django_db(transaction=True)
def test_a_killed_worker_leaves_no_process_and_its_report_job_fails_then_retries(
    client, agreement, quarter_data, monitor, database_backend
):
    if connection.vendor != "postgresql":
        pytest.skip("live workers beside the test need a shared database server (PostgreSQL)")
    job = jobs.request_job(
        agreement=agreement, kind="preview", year=1403, quarter=3, language="fa", requested_by=monitor
    )
    first = start_worker("doomed")
    second = None
    try:
        parts = wait_for(lambda: len(children_of(first.pid)) == 2 and children_of(first.pid), 120, "two layout parts")
        assert state_of(job) == ReportJob.State.RENDERING
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=10)
        killed = time.monotonic()
        wait_for(lambda: not any(alive(pid) for pid in parts), 5, "the layout processes to die with their worker")

        second = start_worker("heir")
        wait_for(lambda: state_of(job) == ReportJob.State.FAILED, 60, "the dead worker's job to fail")
        noticed = time.monotonic() - killed
        [task] = DBTaskResult.objects.filter(task_path="reports.tasks.run_report_job")
        assert task.status == "FAILED" and task.exception_class_path == WORKER_DIED
        assert "doomed" in task.traceback and "no longer running" in task.traceback

        client.force_login(monitor)
        page = client.get(reverse("report_job", args=[agreement.reference, job.pk]))
        assert "کارگزار پس‌زمینه" in page.content.decode()
        assert reverse("report_job_retry", args=[agreement.reference, job.pk]) in page.content.decode()
        english = client.get("/en" + reverse("report_job", args=[agreement.reference, job.pk])).content.decode()
        assert "stopped before it finished. Nothing was stored; try again." in english
        client.post(reverse("report_job_retry", args=[agreement.reference, job.pk]))
        retried = ReportJob.objects.exclude(pk=job.pk).get()
        wait_for(lambda: state_of(retried) == ReportJob.State.DONE, 180, "the retried report")
        assert retried.draft
    finally:
        if first.poll() is None:
            first.kill()
        if second is not None:
            second.send_signal(signal.SIGTERM)
            output = second.communicate(timeout=60)[0]
    print(f"FAULT worker SIGKILL: report job failed {noticed:.1f} s after the kill; retry built; 0 processes left")
    # The bound is a minute from the death; the heir's own start-up is most of this (about
    # 3 s on a quiet machine, over 10 s at a load of 14, when this bound was 10 s and failed).
    assert noticed < 60, noticed
    assert "marked failed: its worker doomed" in output, output
    assert not children_of(second.pid)


@pytest.mark.django_db(transaction=True)
def test_a_job_of_a_worker_on_another_machine_fails_once_its_heartbeat_is_older_than_the_limit(
    agreement, monitor, database_backend, settings
):
    settings.PEYMAN_WORKER_DEAD_AFTER_SECONDS = 60
    job = jobs.request_job(
        agreement=agreement, kind="preview", year=1403, quarter=3, language="en", requested_by=monitor
    )
    ReportJob.objects.filter(pk=job.pk).update(state=ReportJob.State.RENDERING, started_at=timezone.now())
    DBTaskResult.objects.update(status="RUNNING", started_at=timezone.now(), worker_ids=["elsewhere"])
    WorkerHeartbeat.objects.create(
        worker_id="elsewhere", host="another-machine", pid=1, beat_at=timezone.now() - dt.timedelta(seconds=20)
    )

    assert release_jobs_of_dead_workers() == []  # 20 s of silence: still taken for alive
    assert state_of(job) == ReportJob.State.RENDERING
    settings.PEYMAN_WORKER_DEAD_AFTER_SECONDS = 10
    [released] = release_jobs_of_dead_workers()

    assert DBTaskResult.objects.get(pk=released).status == "FAILED"
    assert state_of(job) == ReportJob.State.FAILED and job.failure == "worker_died:"
    assert job.history.first().state == ReportJob.State.FAILED
    assert job.may_retry(timezone.now())


@pytest.mark.django_db(transaction=True)
def test_an_email_job_of_a_dead_worker_is_queued_again(agreement, database_backend, settings):
    from notifications.tasks import send_notification_emails

    settings.PEYMAN_WORKER_DEAD_AFTER_SECONDS = 10
    result = send_notification_emails.enqueue([])
    DBTaskResult.objects.filter(pk=result.id).update(
        status="RUNNING", started_at=timezone.now() - dt.timedelta(seconds=30), worker_ids=["gone"]
    )

    assert release_jobs_of_dead_workers() == [DBTaskResult.objects.get(pk=result.id).pk]
    assert DBTaskResult.objects.get(pk=result.id).status == "READY"
