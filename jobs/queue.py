"""What operators ask of the queue: how long the oldest job has waited, what failed, run it again,
prune what is finished. Read by /healthz, the admin and `manage.py jobs`."""

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Min
from django.utils import timezone
from django_tasks_db.models import DBTaskResult, get_date_max

logger = logging.getLogger("peyman.jobs")

FAILED_WINDOW = dt.timedelta(days=1)

# task path -> how to ask for that job again (args, kwargs, who asks) where enqueueing the same
# arguments would do nothing (a report job's own record is already failed): the app registers it.
RETRY_HANDLERS: dict[str, Callable[[list, dict, object], object]] = {}


@dataclass(frozen=True)
class QueueFigures:
    queued: int
    oldest_queued_seconds: float | None
    running: int
    failed_last_day: int

    @property
    def problems(self) -> list[str]:
        """What makes the queue 'degraded', in the operators' words (empty: all is well)."""
        found = []
        waited = self.oldest_queued_seconds
        if waited is not None and waited > settings.PEYMAN_HEALTH_QUEUE_AGE_SECONDS:
            found.append(
                f"oldest queued job waiting {waited:.0f} s (more than {settings.PEYMAN_HEALTH_QUEUE_AGE_SECONDS} s)"
            )
        if self.failed_last_day > settings.PEYMAN_HEALTH_FAILED_JOBS:
            found.append(
                f"{self.failed_last_day} jobs failed in the last day (more than {settings.PEYMAN_HEALTH_FAILED_JOBS})"
            )
        return found


def figures(*, now: dt.datetime | None = None) -> QueueFigures:
    """Four small queries on the library's partial index of ready jobs and ours of failed ones."""
    now = now or timezone.now()
    ready = DBTaskResult.objects.ready()
    never = get_date_max()
    # A job deferred to a later time (an e-mail's retry) has waited only since that time.
    since = [
        ready.filter(run_after=never).aggregate(at=Min("enqueued_at"))["at"],
        ready.exclude(run_after=never).aggregate(at=Min("run_after"))["at"],
    ]
    waiting = [at for at in since if at is not None]
    return QueueFigures(
        queued=ready.count(),
        oldest_queued_seconds=max(0.0, (now - min(waiting)).total_seconds()) if waiting else None,
        running=DBTaskResult.objects.running().count(),
        failed_last_day=DBTaskResult.objects.failed().filter(finished_at__gte=now - FAILED_WINDOW).count(),
    )


def reason(job: DBTaskResult) -> str:
    """The failure's last line (the exception and its message), for a list."""
    lines = [line for line in (job.traceback or "").strip().splitlines() if line.strip()]
    return lines[-1].strip() if lines else job.exception_class_path


def run_again(job: DBTaskResult, *, user=None):
    """Queue a failed job once more, with the same task, arguments and queue; returns the new result."""
    if job.status != "FAILED":
        raise ValueError(f"job {job.pk} is {job.status}, not FAILED")
    args = job.args_kwargs.get("args", [])
    kwargs = job.args_kwargs.get("kwargs", {})
    handler = RETRY_HANDLERS.get(job.task_path)
    result = handler(args, kwargs, user) if handler else job.task.using(run_after=None).enqueue(*args, **kwargs)
    logger.info("Job %s (%s) queued again as %s", job.pk, job.task_path, getattr(result, "id", result))
    return result


def prune(*, older_than_days: int | None = None, now: dt.datetime | None = None) -> int:
    """Delete finished jobs (successful or failed) older than the given days; returns how many."""
    days = settings.PEYMAN_JOBS_KEEP_DAYS if older_than_days is None else older_than_days
    cutoff = (now or timezone.now()) - dt.timedelta(days=days)
    deleted, _by_model = DBTaskResult.objects.finished().filter(finished_at__lt=cutoff).delete()
    return deleted
