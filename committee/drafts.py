"""Draft minutes PDFs as background jobs: a reader's request stores a MinutesDraftJob and queues
it (or joins the one being built); a worker lays the PDF out and records done or failed."""

import datetime as dt
import logging

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from committee.models import Minutes, MinutesDraftJob
from committee.pdf import render_minutes_pdf
from jobs.outcome import mark_failed

logger = logging.getLogger(__name__)
State = MinutesDraftJob.State
DRAFTS_KEPT = dt.timedelta(days=7)


def request_draft(*, minutes: Minutes, language: str, user) -> MinutesDraftJob:
    """The draft being built for these minutes and language, or a new job for it; never a render."""
    from committee.tasks import build_minutes_draft

    with transaction.atomic():
        # Readers asking at once wait on this row's lock, then find the first one's job and join it.
        Minutes.objects.select_for_update().filter(pk=minutes.pk).first()
        pending = MinutesDraftJob.objects.filter(
            minutes=minutes, language=language, state__in=[State.QUEUED, State.RENDERING]
        ).first()
        if pending is not None:
            return pending
        job = MinutesDraftJob.objects.create(minutes=minutes, language=language, requested_by=user)
        # With the database job backend the row and its job commit (or roll back) together.
        build_minutes_draft.enqueue(job.pk)
    return job


def run(job_id: int) -> str:
    """Claim the job (one worker only), lay the draft out and store it, or record why not."""
    claimed = MinutesDraftJob.objects.filter(pk=job_id, state=State.QUEUED).update(
        state=State.RENDERING, started_at=timezone.now()
    )
    if not claimed:
        return "not queued"
    job = MinutesDraftJob.objects.select_related("minutes__meeting__agreement").get(pk=job_id)
    try:
        pdf = render_minutes_pdf(job.minutes, job.language)
        job.draft.save(f"draft-{job.pk}.pdf", ContentFile(pdf), save=False)
    except Exception as error:
        logger.exception("Minutes draft job %s failed", job.pk)
        return mark_failed(job, f"error:{type(error).__name__}")
    job.state, job.finished_at = State.DONE, timezone.now()
    job.save(update_fields=["state", "finished_at", "draft"])
    prune_drafts(now=job.finished_at)
    return State.DONE


def prune_drafts(*, now) -> int:
    """Drafts are for looking at now: their files go a week after they were built."""
    pruned = 0
    for job in MinutesDraftJob.objects.filter(finished_at__lt=now - DRAFTS_KEPT).exclude(draft="")[:100]:
        job.draft.delete(save=True)
        pruned += 1
    return pruned


def worker_died(sender, *, task_path: str, args: list, reason: str, **kwargs) -> None:
    """Its worker died (jobs.worker.job_abandoned): the page says failed, and a retry is at once."""
    from committee.tasks import build_minutes_draft

    if task_path != build_minutes_draft.module_path or not args:
        return
    job = MinutesDraftJob.objects.filter(pk=args[0], state__in=[State.QUEUED, State.RENDERING]).first()
    if job is not None:
        mark_failed(job, "worker_died:")


def run_again_from_operator(args: list, kwargs: dict, user):
    """An operator's "run again" of a failed draft task: the same draft asked for anew."""
    job = MinutesDraftJob.objects.select_related("minutes").filter(pk=args[0]).first() if args else None
    if job is None:
        return None
    return request_draft(minutes=job.minutes, language=job.language, user=job.requested_by)


def failure_message(job: MinutesDraftJob) -> str:
    code, _sep, detail = job.failure.partition(":")
    if code == "worker_died":
        return _("The background worker building this draft stopped before it finished. Try again.")
    return _("The draft could not be built (%(detail)s). Try again.") % {"detail": detail}
