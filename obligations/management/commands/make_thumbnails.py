from django.core.management.base import BaseCommand

from obligations.evidence import IMAGE_TYPES
from obligations.models import Evidence
from obligations.tasks import make_evidence_thumbnail


class Command(BaseCommand):
    help = (
        "Queue a thumbnail job for every image evidence file that has no thumbnail yet (files uploaded "
        "before thumbnails existed, or whose job was lost). With --now, make them in this process instead."
    )

    def add_arguments(self, parser):
        parser.add_argument("--now", action="store_true", help="Make them here, one by one, instead of queueing.")

    def handle(self, *args, now, **options):
        missing = Evidence.objects.filter(content_type__in=IMAGE_TYPES, thumbnail__isnull=True).order_by("pk")
        ids = list(missing.values_list("pk", flat=True))
        made = 0
        for pk in ids:
            if now:
                made += make_evidence_thumbnail.call(pk)
            else:
                make_evidence_thumbnail.enqueue(pk)
        if now:
            self.stdout.write(f"{made} of {len(ids)} image files without a thumbnail now have one.")
        else:
            self.stdout.write(f"Queued {len(ids)} thumbnail jobs.")
