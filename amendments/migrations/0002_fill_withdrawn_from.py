"""Each commitment's withdrawal date, from the amendments already recorded (Commitment.withdrawn_from)."""

from django.db import migrations
from django.db.models import Min, OuterRef, Subquery


def fill(apps, schema_editor):
    Commitment = apps.get_model("obligations", "Commitment")
    AmendmentChange = apps.get_model("amendments", "AmendmentChange")
    earliest = (
        AmendmentChange.objects.filter(commitment=OuterRef("pk"), action="withdraw", amendment__state="recorded")
        .order_by()
        .values("commitment")
        .annotate(earliest=Min("amendment__effective_on"))
        .values("earliest")
    )
    Commitment._base_manager.update(withdrawn_from=Subquery(earliest))


class Migration(migrations.Migration):
    dependencies = [
        ("amendments", "0001_initial"),
        ("obligations", "0013_commitment_withdrawn_from"),
    ]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
