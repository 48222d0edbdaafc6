from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from devdata.people import DEMO_PASSWORD, DEMO_PEOPLE, create_demo_people


class Command(BaseCommand):
    help = "Create one demo user per role and party (only when DEBUG is on)."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("Refusing to create demo accounts with a known password while DEBUG is off.")
        created = create_demo_people()
        names = ", ".join(row[0] for row in DEMO_PEOPLE) + ", admin"
        self.stdout.write(f"Demo people ready ({len(created)} new): {names}; password: {DEMO_PASSWORD}")
