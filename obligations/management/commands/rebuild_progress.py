from django.core.management.base import BaseCommand, CommandError

from obligations.models import Commitment


class Command(BaseCommand):
    help = (
        "Recompute every commitment's stored status and progress from its entries (the progress rule). "
        "With --check, only report the commitments whose stored figures are wrong, and fail if any are."
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
            if wrong:
                raise CommandError(f"{len(wrong)} commitment(s) have stale stored progress; run rebuild_progress.")
            self.stdout.write(f"All {commitments.count()} commitments agree with their entries.")
            return
        changed = commitments.rebuild_progress()
        self.stdout.write(f"Rebuilt {commitments.count()} commitments; {changed} had stale figures.")
