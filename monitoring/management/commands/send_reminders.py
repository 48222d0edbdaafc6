from django.core.management.base import BaseCommand

from monitoring.reminders import send_focal_digests, send_monitor_digests


class Command(BaseCommand):
    help = (
        "Queue the daily digest for monitors and the weekly digest for focal points. Run it daily "
        "(cron or a systemd timer): a digest already sent for its day or week is not sent again."
    )

    def add_arguments(self, parser):
        parser.add_argument("--only", choices=["monitors", "focal-points"], help="queue one kind of digest only")

    def handle(self, *args, only=None, **options):
        monitors = send_monitor_digests() if only in (None, "monitors") else 0
        focal = send_focal_digests() if only in (None, "focal-points") else 0
        self.stdout.write(f"Queued {monitors} monitor digest(s) and {focal} focal-point digest(s).")
