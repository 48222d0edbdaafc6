from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from devdata.evaluations import create_demo_evaluations


class Command(BaseCommand):
    help = "Rate the Qazvin agreement's commitments for the last two finished quarters (only when DEBUG is on; once)."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("Refusing to add demo data while DEBUG is off.")
        rated = create_demo_evaluations()
        self.stdout.write(f"Demo evaluations: {rated} new." if rated else "Demo evaluations already present.")
