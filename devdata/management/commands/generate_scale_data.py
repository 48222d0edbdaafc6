import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from devdata.scale import PASSWORD, ScaleDataExists, generate, summary


class Command(BaseCommand):
    help = (
        "Generate N agreements with parties, people, commitments and M progress entries spread over years, "
        "in every review state, with review decisions, evaluations and evidence rows (placeholder files), "
        "then rebuild the stored progress figures. COPY on PostgreSQL. Only when DEBUG is on."
    )

    def add_arguments(self, parser):
        parser.add_argument("--agreements", type=int, default=50)
        parser.add_argument("--entries", type=int, default=1_000_000)
        parser.add_argument("--seed", type=int, default=1, help="Same seed, same data; one run per seed.")
        parser.add_argument("--years", type=float, default=6.0, help="How long ago the agreements were signed.")
        parser.add_argument("--commitments", type=int, default=20, help="Commitments per agreement.")

    def handle(self, *args, agreements, entries, seed, years, commitments, **options):
        if not settings.DEBUG:
            raise CommandError("Refusing to generate test data while DEBUG is off.")
        started = time.perf_counter()
        log = self.stdout.write if options["verbosity"] > 1 else (lambda message: None)
        try:
            made = generate(
                agreements=agreements, entries=entries, seed=seed, years=years, commitments=commitments, log=log
            )
        except (ScaleDataExists, ValueError) as error:
            raise CommandError(str(error)) from error
        for line in summary(made):
            self.stdout.write(line)
        self.stdout.write(
            f"Done in {time.perf_counter() - started:.1f} s. Every generated person's password: {PASSWORD}"
        )
