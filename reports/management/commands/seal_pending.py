"""Issued documents still waiting for a seal (the committee's minutes, the quarterly reports): list
them, or queue their sealing jobs again (after an outage of the timestamp authority, or on an
installation whose job backend cannot defer a retry). In reports, the top of the layering, so
that it may read both."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from committee import sealing as minutes_sealing
from reports import sealing as report_sealing


class Command(BaseCommand):
    help = "List issued minutes and reports still waiting for a seal (--list), or queue their sealing jobs again."

    def add_arguments(self, parser):
        parser.add_argument("--list", action="store_true", help="Only list them, with their last error.")

    def handle(self, *args, **options):
        now = timezone.now()
        for kind in (minutes_sealing, report_sealing):
            for document in kind.pending():
                waited = (now - document.sealing_since).total_seconds() if document.sealing_since else 0
                self.stdout.write(
                    f"{document}: sealing for {waited:.0f} s, {document.sealing_tries} failed tries"
                    + (f" ({document.sealing_error})" if document.sealing_error else "")
                )
        if options["list"]:
            return
        minutes, reports = minutes_sealing.queue_pending(), report_sealing.queue_pending()
        self.stdout.write(f"{minutes + reports} sealing jobs queued ({minutes} minutes, {reports} reports).")
