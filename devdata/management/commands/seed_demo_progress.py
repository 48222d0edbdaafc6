from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from devdata.progress import create_demo_progress


class Command(BaseCommand):
    help = "Add demo progress entries to the Qazvin agreement (only when DEBUG is on; once)."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("Refusing to add demo data while DEBUG is off.")
        made = create_demo_progress()
        self.stdout.write(f"Demo progress: {made} new entries." if made else "Demo progress already present.")
