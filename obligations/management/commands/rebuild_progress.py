from django.core.management.base import BaseCommand, CommandError

from obligations.models import Commitment, QuarterFigures


class Command(BaseCommand):
    help = (
        "Recompute every commitment's stored status and progress, and its entry counts per quarter and county "
        "(QuarterFigures), from its entries. With --check, only report what is wrong, and fail if anything is."
    )

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true", help="Write nothing; exit with an error if any differ.")
        parser.add_argument("--agreement", help="Only this agreement (its reference).")

    def handle(self, *args, check, agreement, **options):
        commitments = Commitment.all_kinds.select_related("agreement")
        if agreement:
            commitments = commitments.filter(agreement__reference=agreement)
        if check:
            wrong = commitments.stale_progress()
            for commitment in wrong:
                self.stdout.write(f"{commitment.agreement.reference} {commitment.number}: stored figures are stale")
            counts = QuarterFigures.objects.differences(commitments.values("pk"))
            for commitment, year, quarter, county in counts[:20]:
                self.stdout.write(f"commitment {commitment}, {year}-Q{quarter}, county {county}: stale entry counts")
            if wrong or counts:
                raise CommandError(
                    f"{len(wrong)} commitment(s) have stale stored progress and {len(counts)} quarter row(s) stale "
                    "entry counts; run rebuild_progress."
                )
            total = commitments.count()
            self.stdout.write(f"All {total} commitments and their quarter counts agree with their entries.")
            return
        changed = commitments.rebuild_progress()
        self.stdout.write(f"Rebuilt {commitments.count()} commitments; {changed} had stale figures.")
