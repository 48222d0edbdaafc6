import io
import time

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from devdata.people import DEMO_PASSWORD, DEMO_PEOPLE

SEEDS = ["seed_demo_people", "seed_demo_progress", "seed_demo_evaluations", "seed_demo_committee"]


class Command(BaseCommand):
    help = (
        "The demo in one process: the Qazvin agreement, the demo people, progress, evaluations and committee. "
        "Each step skips what is already there, so a second run costs about a second."
    )

    def add_arguments(self, parser):
        parser.add_argument("--fixture", default="fixtures/qazvin_1397.json")

    def handle(self, *args, fixture, **options):
        if not settings.DEBUG:
            raise CommandError("Refusing to seed demo data while DEBUG is off.")
        started = time.process_time()
        said = io.StringIO()
        with transaction.atomic():
            call_command("load_agreement", fixture, verbosity=0)
            for seed in SEEDS:
                call_command(seed, stdout=said)
        if options["verbosity"] > 1:
            self.stdout.write(said.getvalue())
        self.stdout.write(f"Demo data ready ({time.process_time() - started:.1f} s CPU).")
        names = ", ".join([row[0] for row in DEMO_PEOPLE] + ["admin"])
        self.stdout.write(f"Demo people: {names}; password: {DEMO_PASSWORD}")
