"""PAdES B-LTA: run yearly (a systemd timer). Every sealed issued report and issued minutes whose
latest timestamp's certificate expires within PEYMAN_SEAL_RENEW_DAYS gets a document timestamp,
with the validation data of the timestamps before it, so the seals stay checkable after the
timestamp authority's certificate expires."""

import datetime as dt

from django.conf import settings
from django.core.management.base import BaseCommand

from agreement.pdf.issued import renew_archive_timestamp
from committee.models import IssuedMinutes
from reports.models import IssuedReport


class Command(BaseCommand):
    help = "Add a document timestamp (PAdES B-LTA) to sealed issued documents whose last timestamp expires soon."

    def handle(self, *args, **options):
        if not settings.PEYMAN_SEAL_TSA_URL:
            self.stdout.write("No timestamp authority configured (PEYMAN_SEAL_TSA_URL): nothing to renew.")
            return
        within = dt.timedelta(days=settings.PEYMAN_SEAL_RENEW_DAYS)
        renewed = checked = failed = 0
        for queryset in (
            IssuedReport.objects.filter(sealing=IssuedReport.Sealing.DONE).order_by("pk"),
            IssuedMinutes.objects.filter(sealing=IssuedMinutes.Sealing.DONE).order_by("pk"),
        ):
            for document in queryset.iterator(chunk_size=100):
                checked += 1
                try:
                    renewed += renew_archive_timestamp(document, within=within)
                except Exception as error:  # one unreadable file or a TSA hiccup must not stop the rest
                    failed += 1
                    self.stderr.write(f"{document}: not renewed ({type(error).__name__}: {error})")
        self.stdout.write(f"{renewed} of {checked} issued documents given a new document timestamp; {failed} failed.")
