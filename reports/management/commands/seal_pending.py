"""Issued minutes still sealing: list them, or queue their sealing job again (after an outage of
the timestamp authority, or on an installation whose job backend cannot defer a retry)."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from committee import sealing


class Command(BaseCommand):
    help = "List issued minutes still waiting for a seal (--list), or queue their sealing jobs again."

    def add_arguments(self, parser):
        parser.add_argument("--list", action="store_true", help="Only list them, with their last error.")

    def handle(self, *args, **options):
        now = timezone.now()
        documents = list(sealing.pending())
        for document in documents:
            waited = (now - document.sealing_since).total_seconds() if document.sealing_since else 0
            self.stdout.write(
                f"{document.document_number}: sealing for {waited:.0f} s, {document.sealing_tries} failed tries"
                + (f" ({document.sealing_error})" if document.sealing_error else "")
            )
        if options["list"]:
            return
        queued = sealing.queue_pending()
        self.stdout.write(f"{queued} sealing jobs queued.")
