"""Preview, issue and correct as background jobs: the request answers at once, the render holds no
lock, and a refused or failed issue stores nothing and can be asked for again."""

import datetime as dt
import os

import pytest
from django.core import mail
from django.core.files.base import ContentFile
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from monitoring.models import Evaluation, QuarterLock
from notifications.models import Kind, Notification
from reports import issue as issue_module
from reports.jobs import run
from reports.models import IssuedReport, ReportJob
from tests.reports.conftest import QUARTER, make_issued, pdf_text

ISSUE = {"quarter": str(QUARTER), "language": "en", "accept_unevaluated": "on"}


def issue_url(agreement, quarter=QUARTER, language="en"):
    return reverse("report_issue", args=[agreement.reference]) + f"?quarter={quarter}&language={language}"


@pytest.fixture
def queue_only(settings):
    """Jobs are stored and queued but not run, as when the worker has not picked them up yet."""
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend", "QUEUES": ["default", "reports"]}
    }


def test_the_confirmation_page_names_the_quarter_and_what_is_missing(client, agreement, quarter_data, monitor):
    client.force_login(monitor)

    page = client.get(issue_url(agreement, language="fa")).content.decode()

    assert agreement.title_fa in page
    assert "۱۴۰۳" in page  # the quarter, in Persian digits
    assert "فارسی" in page or "Persian" in page
    assert "B4" in page and "B5" in page  # not evaluated
    assert "B1" not in page.split("completeness-title")[1].split("</section>")[0]  # evaluated
    assert 'name="accept_unevaluated"' in page


def test_issuing_with_unevaluated_commitments_needs_the_tick(client, agreement, quarter_data, monitor):
    client.force_login(monitor)

    response = client.post(reverse("report_issue", args=[agreement.reference]), {**ISSUE, "accept_unevaluated": ""})

    assert response.status_code == 400
    assert response.context["form"].errors["accept_unevaluated"]
    assert not ReportJob.objects.exists()


def test_the_request_answers_at_once_with_a_page_that_refreshes_itself(
    client, agreement, quarter_data, monitor, queue_only, django_assert_max_num_queries
):
    client.force_login(monitor)
    client.get(issue_url(agreement))

    with django_assert_max_num_queries(25):
        response = client.post(reverse("report_issue", args=[agreement.reference]), ISSUE)

    job = ReportJob.objects.get()
    assert response.url == reverse("report_job", args=[agreement.reference, job.pk])
    page = client.get(response.url).content.decode()
    assert '<meta http-equiv="refresh" content="2">' in page
    assert job.state == "queued"
    assert not IssuedReport.objects.exists()
    assert not QuarterLock.is_locked(agreement, QUARTER)


def test_the_issued_report_says_what_was_not_evaluated(client, agreement, quarter_data, monitor):
    client.force_login(monitor)

    client.post(reverse("report_issue", args=[agreement.reference]), ISSUE)

    job = ReportJob.objects.get()
    assert job.state == "done", job.failure
    text = pdf_text(job.report.pdf.open("rb").read())
    assert "are not evaluated for this quarter" in text
    assert "explicit decision" in text
    assert QuarterLock.is_locked(agreement, QUARTER)


def test_a_running_quarter_can_be_previewed_but_not_issued(client, agreement, monitor):
    running = QUARTER.next()  # the tests' clock stands in it
    client.force_login(monitor)

    page = client.get(issue_url(agreement, running)).content.decode()
    assert "not over yet" in page or "هنوز تمام نشده" in page
    response = client.post(reverse("report_issue", args=[agreement.reference]), {**ISSUE, "quarter": str(running)})
    assert response.status_code == 400
    assert not ReportJob.objects.exists()

    client.post(reverse("report_preview", args=[agreement.reference]), {"quarter": str(running), "language": "en"})
    assert ReportJob.objects.get().state == "done"


def test_an_issue_tells_both_parties_and_the_committee_once(
    client, agreement, quarter_data, monitor, rural_staff, rural_viewer, relief_staff, committee_member, outsider
):
    for person in (monitor, rural_staff, rural_viewer, relief_staff, committee_member, outsider):
        person.email = f"{person.username}@example.org"
        person.save(update_fields=["email"])
    mail.outbox.clear()
    client.force_login(monitor)

    client.post(reverse("report_issue", args=[agreement.reference]), ISSUE)

    report = IssuedReport.objects.get()
    told = set(Notification.objects.filter(kind=Kind.REPORT_ISSUED).values_list("recipient__username", flat=True))
    assert told == {"relief-monitor", "rural-staff", "rural-viewer", "relief-staff", "committee"}
    assert sorted(m.to[0] for m in mail.outbox) == sorted(f"{name}@example.org" for name in told)
    assert all(report.report_number in m.subject for m in mail.outbox)


def test_a_second_worker_does_not_run_a_job_twice(agreement, quarter_data, monitor, queue_only):
    job = ReportJob.objects.create(
        agreement=agreement, kind="preview", year=1403, quarter=3, language="en", requested_by=monitor
    )
    assert run(job.pk) == "done"
    assert run(job.pk) == "not queued"


def test_someone_issuing_meanwhile_makes_the_job_fail_and_store_nothing(
    agreement, quarter_data, monitor, second_monitor, monkeypatch, queue_only
):
    real_render = issue_module.render_pdf

    def render_while_someone_issues(snapshot, stamp, **options):
        make_issued(agreement, second_monitor, language="en")
        return real_render(snapshot, stamp, **options)

    monkeypatch.setattr(issue_module, "render_pdf", render_while_someone_issues)
    job = ReportJob.objects.create(
        agreement=agreement,
        kind="issue",
        year=1403,
        quarter=3,
        language="en",
        requested_by=monitor,
        accept_unevaluated=True,
    )

    assert run(job.pk) == "failed"

    job.refresh_from_db()
    assert job.failure.startswith("already_issued:")
    assert IssuedReport.objects.get().issued_by == second_monitor
    assert not QuarterLock.is_locked(agreement, QUARTER)


def test_an_evaluation_changed_during_the_render_fails_the_job_and_a_retry_issues(
    client, agreement, quarter_data, monitor, monkeypatch, queue_only
):
    real_render = issue_module.render_pdf

    def render_while_an_evaluation_changes(snapshot, stamp, **options):
        evaluation = Evaluation.objects.get(commitment__number="B1", year=1403, quarter=3)
        evaluation.rating = "largely_met"
        evaluation.save()
        monkeypatch.setattr(issue_module, "render_pdf", real_render)
        return real_render(snapshot, stamp, **options)

    monkeypatch.setattr(issue_module, "render_pdf", render_while_an_evaluation_changes)
    client.force_login(monitor)
    client.post(reverse("report_issue", args=[agreement.reference]), ISSUE)
    job = ReportJob.objects.get()

    assert run(job.pk) == "failed"
    assert job.__class__.objects.get(pk=job.pk).failure.startswith("data_changed:")
    assert not IssuedReport.objects.exists()
    page = client.get(reverse("report_job", args=[agreement.reference, job.pk])).content.decode()
    assert "Try again" in page or "دوباره" in page
    assert 'http-equiv="refresh"' not in page

    response = client.post(reverse("report_job_retry", args=[agreement.reference, job.pk]))
    retry = ReportJob.objects.exclude(pk=job.pk).get()
    assert response.url == reverse("report_job", args=[agreement.reference, retry.pk])
    assert run(retry.pk) == "done"
    assert IssuedReport.objects.get().snapshot["sections"]


def test_a_broken_render_stores_nothing_and_says_so(agreement, quarter_data, monitor, monkeypatch, caplog, settings):
    def broken(snapshot, stamp, **options):
        raise RuntimeError("font missing")

    monkeypatch.setattr(issue_module, "render_pdf", broken)
    job = ReportJob.objects.create(
        agreement=agreement,
        kind="issue",
        year=1403,
        quarter=3,
        language="fa",
        requested_by=monitor,
        accept_unevaluated=True,
    )

    assert run(job.pk) == "failed"

    job.refresh_from_db()
    assert job.failure == "error:RuntimeError"
    assert not IssuedReport.objects.exists()
    assert not QuarterLock.objects.exists()
    assert not Notification.objects.filter(kind=Kind.REPORT_ISSUED).exists()
    reports_dir = settings.MEDIA_ROOT / "reports"
    assert not reports_dir.exists() or not any(reports_dir.rglob("*.pdf"))
    # The operators' log says what broke; it is expected here.
    assert "Report job" in caplog.text
    caplog.clear()


@pytest.mark.django_db(transaction=True)
def test_the_render_runs_outside_any_transaction_or_lock(agreement, monitor, monkeypatch, queue_only):
    seen = {}
    real_render = issue_module.render_pdf

    def render(snapshot, stamp, **options):
        seen["in_transaction"] = connection.in_atomic_block
        return real_render(snapshot, stamp, **options)

    monkeypatch.setattr(issue_module, "render_pdf", render)
    job = ReportJob.objects.create(
        agreement=agreement,
        kind="issue",
        year=1403,
        quarter=2,
        language="en",
        requested_by=monitor,
        accept_unevaluated=True,
    )

    assert run(job.pk) == "done"
    assert seen == {"in_transaction": False}


def test_a_job_whose_worker_died_mid_render_can_be_asked_for_again(client, agreement, monitor, queue_only):
    started = timezone.now() - dt.timedelta(hours=1)
    job = ReportJob.objects.create(
        agreement=agreement,
        kind="preview",
        year=1403,
        quarter=3,
        language="fa",
        requested_by=monitor,
        state="rendering",
        started_at=started,
    )
    client.force_login(monitor)

    page = client.get(reverse("report_job", args=[agreement.reference, job.pk])).content.decode()
    assert 'http-equiv="refresh"' in page
    assert reverse("report_job_retry", args=[agreement.reference, job.pk]) in page
    client.post(reverse("report_job_retry", args=[agreement.reference, job.pk]))
    assert ReportJob.objects.filter(state="queued").count() == 1


def test_a_job_still_rendering_recently_is_not_asked_for_twice(client, agreement, monitor, queue_only):
    job = ReportJob.objects.create(
        agreement=agreement,
        kind="preview",
        year=1403,
        quarter=3,
        language="fa",
        requested_by=monitor,
        state="rendering",
        started_at=timezone.now(),
    )
    client.force_login(monitor)

    response = client.post(reverse("report_job_retry", args=[agreement.reference, job.pk]))

    assert response.url == reverse("report_job", args=[agreement.reference, job.pk])
    assert ReportJob.objects.count() == 1


def test_a_new_preview_removes_drafts_older_than_a_week(client, agreement, monitor, settings):
    old = ReportJob.objects.create(
        agreement=agreement, kind="preview", year=1403, quarter=3, language="fa", requested_by=monitor, state="done"
    )
    old.draft.save("old.pdf", ContentFile(b"%PDF-1.7 old"))
    old.finished_at = timezone.now() - dt.timedelta(days=8)
    old.save()
    path = old.draft.path
    client.force_login(monitor)

    client.post(reverse("report_preview", args=[agreement.reference]), {"quarter": str(QUARTER), "language": "en"})

    old.refresh_from_db()
    assert not old.draft
    assert not os.path.exists(path)
    page = client.get(reverse("report_job", args=[agreement.reference, old.pk])).content.decode()
    assert "Drafts are kept for a week" in page or "یک هفته" in page
    assert client.get(reverse("report_job_pdf", args=[agreement.reference, old.pk])).status_code == 404
