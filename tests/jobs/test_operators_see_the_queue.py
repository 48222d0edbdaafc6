"""Issue 17 point 4: operators see what is stuck. /healthz gives the queue's figures and says
"degraded" past the settings' thresholds; `manage.py jobs` lists, retries and prunes; the admin lists
failed jobs with their reason and runs them again; the daily reminders' run prunes old jobs."""

import datetime as dt
import subprocess
import uuid
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from jobs import queue
from notifications.models import Kind, Notification
from notifications.tasks import send_notification_emails
from tests.jobs.test_worker import BASE_DIR, WORKER, bring_back, database_url_for_worker, worker_env


@pytest.fixture
def database_backend(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default", "reports"]}}


def _notification(person, agreement, key="queue-test"):
    person.email = f"{person.username}@example.org"
    person.save()
    return Notification.objects.create(
        recipient=person,
        agreement=agreement,
        kind=Kind.ENTRY_RETURNED,
        params={"number": "B5", "comment": "عکس ندارد"},
        path="/a/qazvin-ikrc-rural-1397/commitments/B5/",
        event_key=key,
    )


def _failed_job(task_path="notifications.tasks.send_notification_emails", args=None, *, finished_at=None):
    now = timezone.now()
    return DBTaskResult.objects.create(
        status="FAILED",
        task_path=task_path,
        args_kwargs={"args": args if args is not None else [[1]], "kwargs": {}},
        backend_name="default",
        queue_name="default",
        run_after=now,
        finished_at=finished_at or now,
        exception_class_path="ModuleNotFoundError",
        traceback="Traceback (most recent call last):\n  ...\nModuleNotFoundError: No module named 'peyman_no_such'\n",
    )


def test_healthz_reports_the_queue_and_says_ok(client, db, database_backend, rural_staff, agreement):
    send_notification_emails.enqueue([_notification(rural_staff, agreement).pk])
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response["X-Peyman-Health"] == "ok"
    lines = response.content.decode().splitlines()
    assert lines[0] == "ok"
    assert "queued jobs: 1" in lines
    assert "failed jobs in the last day: 0" in lines
    assert any(line.startswith("oldest queued job: ") and line.endswith(" s") for line in lines)


def test_healthz_says_degraded_when_the_oldest_queued_job_waited_past_the_threshold(
    client, db, database_backend, rural_staff, agreement, settings, django_assert_max_num_queries
):
    settings.PEYMAN_HEALTH_QUEUE_AGE_SECONDS = 600
    send_notification_emails.enqueue([_notification(rural_staff, agreement).pk])
    with time_machine.travel(timezone.now() + dt.timedelta(seconds=590), tick=False):
        assert client.get("/healthz")["X-Peyman-Health"] == "ok"
    with (
        time_machine.travel(timezone.now() + dt.timedelta(seconds=700), tick=False),
        django_assert_max_num_queries(6),
    ):
        response = client.get("/healthz")
    assert response.status_code == 200  # the web side works: a load balancer keeps it
    assert response["X-Peyman-Health"] == "degraded"
    first = response.content.decode().splitlines()[0]
    assert first.startswith("degraded: oldest queued job waiting 70")
    assert "(more than 600 s)" in first


def test_a_job_deferred_to_later_counts_only_from_its_time(client, db, database_backend, rural_staff, agreement):
    # An e-mail's retry queued for an hour from now is not stuck.
    send_notification_emails.using(run_after=timezone.now() + dt.timedelta(hours=1)).enqueue(
        [_notification(rural_staff, agreement).pk]
    )
    with time_machine.travel(timezone.now() + dt.timedelta(minutes=50), tick=False):
        assert client.get("/healthz").content.decode().splitlines()[:3] == [
            "ok",
            "queued jobs: 0",
            "oldest queued job: none",
        ]


def test_healthz_says_degraded_past_the_failed_jobs_threshold_and_forgets_them_after_a_day(client, db, settings):
    settings.PEYMAN_HEALTH_FAILED_JOBS = 2
    for _n in range(3):
        _failed_job()
    _failed_job(finished_at=timezone.now() - dt.timedelta(days=2))
    response = client.get("/healthz")
    assert response["X-Peyman-Health"] == "degraded"
    assert response.content.decode().splitlines()[0] == "degraded: 3 jobs failed in the last day (more than 2)"
    with time_machine.travel(timezone.now() + dt.timedelta(days=1, minutes=1), tick=False):
        assert client.get("/healthz").content.decode().splitlines()[0] == "ok"


def test_the_admin_lists_failed_jobs_with_their_reason_and_runs_them_again(client, superuser, db, database_backend):
    failed = _failed_job(args=[[42]])
    done = DBTaskResult.objects.create(
        status="SUCCESSFUL",
        task_path=failed.task_path,
        args_kwargs={"args": [[7]], "kwargs": {}},
        backend_name="default",
        run_after=timezone.now(),
        exception_class_path="",
        traceback="",
    )
    client.force_login(superuser)
    listing = client.get("/en/admin/django_tasks_database/dbtaskresult/?failed=day")
    assert listing.status_code == 200
    html = listing.content.decode()
    assert "No module named &#x27;peyman_no_such&#x27;" in html
    assert str(failed.pk) in html and str(done.pk) not in html

    response = client.post(
        "/en/admin/django_tasks_database/dbtaskresult/",
        {"action": "run_again", "_selected_action": [str(failed.pk), str(done.pk)]},
        follow=True,
    )
    text = response.content.decode()
    assert "1 failed job queued again." in text
    assert "1 job was not failed and was left as it is." in text
    again = DBTaskResult.objects.get(status="READY")
    assert again.task_path == failed.task_path and again.args_kwargs["args"] == [[42]]
    assert DBTaskResult.objects.get(pk=failed.pk).status == "FAILED"  # the old one keeps its reason


def test_the_admin_job_list_is_for_superusers_only(client, monitor, db):
    client.force_login(monitor)
    response = client.get("/en/admin/django_tasks_database/dbtaskresult/")
    assert response.status_code in (302, 403)


def test_run_again_of_a_failed_report_task_asks_for_the_report_again(db, database_backend, monitor, agreement):
    from reports.models import ReportJob
    from reports.tasks import run_report_job

    job = ReportJob.objects.create(
        agreement=agreement,
        kind=ReportJob.Kind.PREVIEW,
        year=1404,
        quarter=1,
        language="fa",
        requested_by=monitor,
        state=ReportJob.State.FAILED,
        failure="worker_died:",
    )
    task = _failed_job(task_path=run_report_job.module_path, args=[job.pk])
    queue.run_again(task)
    new = ReportJob.objects.exclude(pk=job.pk).get()
    assert (new.state, new.kind, new.requested_by) == (ReportJob.State.QUEUED, ReportJob.Kind.PREVIEW, monitor)
    assert DBTaskResult.objects.get(status="READY").args_kwargs["args"] == [new.pk]


def test_the_daily_reminders_run_prunes_old_finished_jobs_only(db, database_backend, settings, rural_staff, agreement):
    settings.PEYMAN_JOBS_KEEP_DAYS = 30
    old = _failed_job(finished_at=timezone.now() - dt.timedelta(days=31))
    recent = _failed_job(finished_at=timezone.now() - dt.timedelta(days=29))
    queued = send_notification_emails.enqueue([_notification(rural_staff, agreement).pk])
    out = StringIO()
    call_command("send_reminders", stdout=out)
    assert "Pruned 1 finished job(s) older than 30 days." in out.getvalue()
    assert set(DBTaskResult.objects.values_list("pk", flat=True)) == {recent.pk, uuid.UUID(queued.id)}
    assert not DBTaskResult.objects.filter(pk=old.pk).exists()


def test_manage_py_jobs_lists_ages_and_reasons_and_prunes(db, database_backend, rural_staff, agreement):
    _failed_job(finished_at=timezone.now() - dt.timedelta(hours=3))
    send_notification_emails.enqueue([_notification(rural_staff, agreement).pk])
    out = StringIO()
    with time_machine.travel(timezone.now() + dt.timedelta(minutes=5), tick=False):
        call_command("jobs", stdout=out)
    text = out.getvalue()
    assert text.splitlines()[0] == "ok"
    assert "queued (1)" in text and "running (0)" in text and "failed (1)" in text
    assert "notifications.tasks.send_notification_emails  default  5 min" in text
    assert "3 h  ModuleNotFoundError: No module named 'peyman_no_such'" in text
    out = StringIO()
    call_command("jobs", "prune", "--days", "0", stdout=out)
    assert out.getvalue().strip() == "Pruned 1 finished job(s)."


@pytest.mark.django_db(transaction=True)
def test_a_job_failed_in_a_real_worker_is_seen_retried_from_the_terminal_and_then_runs(
    client, rural_staff, agreement, database_backend, tmp_path, settings
):
    """A worker started with a broken mail setting fails the job; /healthz and `manage.py jobs`
    show it; once the setting is mended, `manage.py jobs retry` queues it and a worker sends it."""
    settings.PEYMAN_HEALTH_FAILED_JOBS = 0
    notification = _notification(rural_staff, agreement, key="real-worker-retry")
    result = send_notification_emails.enqueue([notification.pk])
    url = database_url_for_worker(tmp_path)
    broken = {**worker_env(url), "EMAIL_BACKEND": "peyman_no_such.EmailBackend"}
    first = subprocess.run(WORKER, cwd=BASE_DIR, env=broken, capture_output=True, text=True, timeout=120)
    bring_back(url)
    assert first.returncode == 0, first.stderr
    assert DBTaskResult.objects.get(pk=result.id).status == "FAILED"

    health = client.get("/healthz").content.decode().splitlines()
    assert health[0] == "degraded: 1 jobs failed in the last day (more than 0)"
    listing = subprocess.run(
        [WORKER[0], "manage.py", "jobs", "list", "--status", "failed"],
        cwd=BASE_DIR,
        env=worker_env(url),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert listing.returncode == 0, listing.stderr
    assert f"{result.id}  notifications.tasks.send_notification_emails" in listing.stdout
    assert "No module named 'peyman_no_such'" in listing.stdout

    retry = subprocess.run(
        [WORKER[0], "manage.py", "jobs", "retry", str(result.id)],
        cwd=BASE_DIR,
        env=worker_env(url),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert retry.returncode == 0, retry.stderr
    assert f"Job {result.id} queued again as " in retry.stdout
    second = subprocess.run(WORKER, cwd=BASE_DIR, env=worker_env(url), capture_output=True, text=True, timeout=120)
    bring_back(url)
    assert second.returncode == 0, second.stderr
    assert second.stdout.count(f"To: {rural_staff.email}") == 1
    notification.refresh_from_db()
    assert notification.emailed_at is not None
    statuses = sorted(DBTaskResult.objects.values_list("status", flat=True))
    assert statuses == ["FAILED", "SUCCESSFUL"]


def test_the_retry_handlers_are_registered_under_real_task_paths():
    from committee.tasks import build_minutes_draft
    from reports.tasks import run_report_job

    assert {run_report_job.module_path, build_minutes_draft.module_path} <= set(queue.RETRY_HANDLERS)
