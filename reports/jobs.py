"""Report jobs: a request stores a ReportJob and queues it; a worker renders it and records the outcome."""

import datetime as dt
import logging

from django.conf import settings
from django.core.files.base import ContentFile
from django.utils import timezone
from django.utils.translation import gettext as _

from agreement.history_user import record_history_user
from jobs.outcome import mark_failed
from reports.issue import (
    AlreadyIssued,
    DataChanged,
    IssueRefused,
    NotLatestRevision,
    QuarterNotOver,
    UnevaluatedNotAcknowledged,
    draft_pdf,
    issue_report,
)
from reports.models import ReportJob

logger = logging.getLogger(__name__)
DRAFTS_KEPT = dt.timedelta(days=7)
State = ReportJob.State

# Stored on the job; worded in the reader's language when the job page is shown.
FAILURES = {
    AlreadyIssued: "already_issued",
    NotLatestRevision: "not_latest",
    QuarterNotOver: "quarter_not_over",
    UnevaluatedNotAcknowledged: "unevaluated",
    DataChanged: "data_changed",
}


def request_job(**fields) -> ReportJob:
    """Store the request and queue its job; the caller answers at once with the job's page."""
    from reports.tasks import run_report_job

    job = ReportJob(**fields)
    record_history_user(job, fields["requested_by"])
    job.save()
    # With the database job backend this row and the job commit (or roll back) together.
    run_report_job.enqueue(job.pk)
    return job


def again(job: ReportJob, user) -> ReportJob:
    """The same request once more (after a failure)."""
    return request_job(
        agreement=job.agreement,
        kind=job.kind,
        year=job.year,
        quarter=job.quarter,
        language=job.language,
        requested_by=user,
        replaces=job.replaces,
        correction_reason=job.correction_reason,
        accept_unevaluated=job.accept_unevaluated,
    )


def run(job_id: int) -> str:
    """Claim the job (one worker only), render it and record done or failed with a reason."""
    claimed = ReportJob.objects.filter(pk=job_id, state=State.QUEUED).update(
        state=State.RENDERING, started_at=timezone.now()
    )
    if not claimed:
        return "not queued"
    job = ReportJob.objects.select_related("agreement", "requested_by", "replaces").get(pk=job_id)
    record_history_user(job, job.requested_by)
    try:
        if job.kind == ReportJob.Kind.PREVIEW:
            pdf = draft_pdf(job.agreement, job.period, job.language, processes=settings.PEYMAN_REPORT_PROCESSES)
            job.draft.save(f"draft-{job.pk}.pdf", ContentFile(pdf), save=False)
        else:
            job.report = issue_report(
                agreement=job.agreement,
                period=job.period,
                language=job.language,
                issued_by=job.requested_by,
                replaces=job.replaces,
                correction_reason=job.correction_reason,
                accept_unevaluated=job.accept_unevaluated,
                processes=settings.PEYMAN_REPORT_PROCESSES,
            )
    except IssueRefused as error:
        return mark_failed(job, f"{FAILURES.get(type(error), 'refused')}:{error}")
    except Exception as error:
        # A broken render: logged for the operators, shown to the monitor as a failure to retry.
        logger.exception("Report job %s failed", job.pk)
        return mark_failed(job, f"error:{type(error).__name__}")
    job.state = State.DONE
    job.finished_at = timezone.now()
    job.save(update_fields=["state", "finished_at", "draft", "report"])
    if job.kind == ReportJob.Kind.PREVIEW:
        prune_drafts(now=job.finished_at)
    return State.DONE


def prune_drafts(*, now) -> int:
    """Drafts are for looking at now: a preview's file is removed a week after it was built."""
    old = ReportJob.objects.filter(kind=ReportJob.Kind.PREVIEW, finished_at__lt=now - DRAFTS_KEPT).exclude(draft="")
    pruned = 0
    for job in old[:100]:
        job.draft.delete(save=False)
        record_history_user(job, job.requested_by)
        job.save(update_fields=["draft"])
        pruned += 1
    return pruned


def worker_died(sender, *, task_path: str, args: list, reason: str, **kwargs) -> None:
    """The worker running this report job died (jobs.worker.job_abandoned): the job failed, and
    may be asked for again at once. Nothing was stored: an issue writes only at its very end."""
    from reports.tasks import run_report_job

    if task_path != run_report_job.module_path or not args:
        return
    job = ReportJob.objects.filter(pk=args[0], state__in=[State.QUEUED, State.RENDERING]).first()
    if job is None:
        return
    record_history_user(job, None)
    mark_failed(job, "worker_died:")


def run_again_from_operator(args: list, kwargs: dict, user):
    """An operator's "run again" (admin, `manage.py jobs retry`) of a failed report task: the same
    request as a new report job (the failed one keeps its reason), or the queued one's task again."""
    from reports.tasks import run_report_job

    job = ReportJob.objects.filter(pk=args[0]).first() if args else None
    if job is None:
        return None
    if job.state == State.QUEUED:
        return run_report_job.enqueue(job.pk)
    if job.state == State.FAILED:
        return again(job, user if user is not None and user.is_authenticated else job.requested_by)
    return None  # done, or being rendered by a live worker: nothing to run again


def failure_message(job: ReportJob) -> str:
    """Why the job failed, in the active language."""
    code, _sep, detail = job.failure.partition(":")
    messages = {
        "already_issued": _(
            "This quarter's report in this language was already issued (%(detail)s). Issue a correction instead."
        ),
        "not_latest": _("A later revision of %(detail)s exists; correct that one instead."),
        "quarter_not_over": _(
            "The quarter %(detail)s is not over yet: it can be issued from the day after its last day."
        ),
        "unevaluated": _(
            "Some commitments are not evaluated for this quarter (%(detail)s). Evaluate them, or confirm that the "
            "report is issued without them."
        ),
        "data_changed": _("An evaluation of the quarter changed while the report was being built. Issue it again."),
        "error": _("The report could not be built (%(detail)s). Nothing was stored; try again."),
        "worker_died": _(
            "The background worker building this report stopped before it finished. Nothing was stored; try again."
        ),
    }
    return messages.get(code, _("The request was refused (%(detail)s).")) % {"detail": detail}
