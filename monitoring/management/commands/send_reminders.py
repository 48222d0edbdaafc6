from django.conf import settings
from django.core.management.base import BaseCommand

from jobs import queue
from monitoring.reminders import run_daily_steps, send_focal_digests, send_monitor_digests


class Command(BaseCommand):
    help = (
        "Queue the daily digest for monitors and the weekly digest for focal points. Run it daily "
        "(cron or a systemd timer): a digest already sent for its day or week is not sent again. "
        "Finished background jobs older than PEYMAN_JOBS_KEEP_DAYS are pruned on the same run."
    )

    def add_arguments(self, parser):
        parser.add_argument("--only", choices=["monitors", "focal-points"], help="queue one kind of digest only")

    def handle(self, *args, only=None, **options):
        monitors = send_monitor_digests() if only in (None, "monitors") else 0
        focal = send_focal_digests() if only in (None, "focal-points") else 0
        self.stdout.write(f"Queued {monitors} monitor digest(s) and {focal} focal-point digest(s).")
        if only is None:
            # Amendments taking effect, deadline ladders and terms: each step acts once, however often run.
            for name, count in run_daily_steps():
                self.stdout.write(f"{name}: {count}.")
        # The daily timer is the one an operator already runs: old finished jobs go with it.
        pruned = queue.prune()
        self.stdout.write(f"Pruned {pruned} finished job(s) older than {settings.PEYMAN_JOBS_KEEP_DAYS} days.")
