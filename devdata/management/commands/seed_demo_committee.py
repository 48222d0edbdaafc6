from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from devdata.committee import create_demo_committee


class Command(BaseCommand):
    help = "Add demo meetings, decisions and programmes to the Qazvin agreement (only when DEBUG is on; once)."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("Refusing to add demo data while DEBUG is off.")
        made = create_demo_committee()
        self.stdout.write(f"Demo committee: {made} decisions." if made else "Demo committee already present.")
