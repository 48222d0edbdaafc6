"""`manage.py jobs`: the queue for a terminal (list, retry, prune), as /healthz and the admin show it."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from jobs import queue

SHOWN = {"queued": "READY", "running": "RUNNING", "failed": "FAILED"}


def _age(since, now) -> str:
    if since is None:
        return "-"
    seconds = max(0, int((now - since).total_seconds()))
    if seconds < 120:
        return f"{seconds} s"
    if seconds < 7200:
        return f"{seconds // 60} min"
    if seconds < 2 * 86400:
        return f"{seconds // 3600} h"
    return f"{seconds // 86400} d"


class Command(BaseCommand):
    help = "List queued, running and failed background jobs with their ages; run failed ones again; prune old ones"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action")
        listing = sub.add_parser("list", help="queued, running and failed jobs (the default)")
        listing.add_argument("--status", choices=sorted(SHOWN), action="append", help="only these (repeatable)")
        listing.add_argument("--limit", type=int, default=50, help="at most this many rows per status (50)")
        retry = sub.add_parser("retry", help="queue failed jobs again")
        retry.add_argument("ids", nargs="*", help="job ids (as listed)")
        retry.add_argument("--all-failed", action="store_true", help="every job that failed in the last day")
        prune = sub.add_parser("prune", help="delete finished jobs older than --days")
        prune.add_argument("--days", type=int, default=None, help="age in days (PEYMAN_JOBS_KEEP_DAYS, 30)")

    def handle(self, *args, action=None, **options):
        if action == "retry":
            return self.retry(options["ids"], options["all_failed"])
        if action == "prune":
            deleted = queue.prune(older_than_days=options["days"])
            self.stdout.write(f"Pruned {deleted} finished job(s).")
            return None
        return self.list_jobs(options.get("status") or sorted(SHOWN, key=list(SHOWN).index), options.get("limit", 50))

    def list_jobs(self, statuses: list[str], limit: int) -> None:
        now = timezone.now()
        figures = queue.figures(now=now)
        problems = figures.problems
        self.stdout.write("degraded: " + "; ".join(problems) if problems else "ok")
        for name in statuses:
            rows = DBTaskResult.objects.filter(status=SHOWN[name])
            if name == "queued":
                rows = rows.order_by("enqueued_at")
                since_field = "enqueued_at"
            elif name == "running":
                rows = rows.order_by("started_at")
                since_field = "started_at"
            else:
                rows = rows.order_by("-finished_at")
                since_field = "finished_at"
            total = rows.count()
            self.stdout.write(f"\n{name} ({total})")
            for job in rows[:limit]:
                line = f"  {job.pk}  {job.task_path}  {job.queue_name}  {_age(getattr(job, since_field), now)}"
                if name == "queued" and job.run_after and job.run_after > now and job.run_after.year < 9999:
                    line += f"  (runs in {_age(now, job.run_after)})"
                if name == "running" and job.worker_ids:
                    line += f"  worker {job.worker_ids[-1]}"
                if name == "failed":
                    line += f"  {queue.reason(job)}"
                self.stdout.write(line)
            if total > limit:
                self.stdout.write(f"  ... and {total - limit} more")

    def retry(self, ids: list[str], all_failed: bool) -> None:
        if not ids and not all_failed:
            raise CommandError("Name the job ids to run again, or give --all-failed.")
        if all_failed:
            chosen = list(DBTaskResult.objects.failed().filter(finished_at__gte=timezone.now() - queue.FAILED_WINDOW))
        else:
            chosen = []
            for pk in ids:
                try:
                    chosen.append(DBTaskResult.objects.get(pk=pk))
                except (DBTaskResult.DoesNotExist, ValidationError, ValueError) as error:
                    raise CommandError(f"No job {pk}: {type(error).__name__}") from error
        for job in chosen:
            if job.status != "FAILED":
                self.stderr.write(f"Job {job.pk} is {job.status.lower()}, not failed: left as it is.")
                continue
            result = queue.run_again(job)
            self.stdout.write(f"Job {job.pk} queued again as {getattr(result, 'id', 'nothing (already done)')}.")
