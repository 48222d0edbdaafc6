from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction

from agreement.models import Agreement, County, Party, Signatory
from obligations.models import Commitment

FIXTURE_MODELS = [Party, Agreement, Signatory, County, Commitment]


def record_fixture_history(models=FIXTURE_MODELS) -> int:
    """loaddata saves raw rows, which django-simple-history skips; write the history it missed.

    A row with no history gets a creation record, a row that differs from its latest record gets
    a change record, and an unchanged row gets nothing, so loading twice adds nothing.
    """
    written = 0
    for model in models:
        # What the history keeps (an agreement's figures_version is bookkeeping, not kept).
        tracked = {f.attname for f in model.history.model._meta.concrete_fields}
        fields = [f.attname for f in model._meta.concrete_fields if f.attname in tracked]
        latest = {record.id: record for record in model.history.order_by("history_date", "history_id")}
        created, changed = [], []
        for instance in model.objects.all():
            record = latest.get(instance.pk)
            if record is None:
                created.append(instance)
            elif any(getattr(record, name) != getattr(instance, name) for name in fields):
                changed.append(instance)
        if created:
            model.history.bulk_history_create(created, default_change_reason="loaded from fixture")
        if changed:
            model.history.bulk_history_create(changed, update=True, default_change_reason="updated from fixture")
        written += len(created) + len(changed)
    return written


class Command(BaseCommand):
    help = "Load an agreement fixture (idempotent), record it in the history, and re-derive statuses."

    def add_arguments(self, parser):
        parser.add_argument("fixture", nargs="?", default="fixtures/qazvin_1397.json")

    @transaction.atomic
    def handle(self, *args, fixture, **options):
        # loaddata writes rows whole, an agreement's figures_version too (as 0): keep each one's own.
        versions = dict(Agreement.objects.values_list("pk", "figures_version"))
        # And a commitment's: the kept parts' key sums them, and a sum going back could match an old key.
        commitment_versions = dict(Commitment.all_kinds.values_list("pk", "figures_version"))
        call_command("loaddata", fixture, verbosity=options["verbosity"])
        # A fixture carries no status or progress (they follow from the entries): put back the
        # derived values, which the history already holds, without writing a new history record.
        for commitment in Commitment.all_kinds.all():
            Commitment.all_kinds.filter(pk=commitment.pk).update(
                **commitment.fresh_progress_values(), figures_version=commitment_versions.get(commitment.pk, 0)
            )
        written = record_fixture_history()
        # Anything changed is on the pages: a new version, so no page kept from before is served.
        for pk, version in versions.items():
            Agreement.objects.filter(pk=pk).update(figures_version=version + (1 if written else 0))
        if options["verbosity"]:
            self.stdout.write(f"History records written: {written}")
