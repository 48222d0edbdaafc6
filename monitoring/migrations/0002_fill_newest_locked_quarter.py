"""Each agreement's newest locked quarter, from the locks already set (Agreement.newest_locked_quarter)."""

from django.db import migrations
from django.db.models import F, Max, OuterRef, Subquery


def fill(apps, schema_editor):
    Agreement = apps.get_model("agreement", "Agreement")
    QuarterLock = apps.get_model("monitoring", "QuarterLock")
    newest = (
        QuarterLock.objects.filter(agreement=OuterRef("pk"), locked=True)
        .order_by()
        .values("agreement")
        .annotate(newest=Max(F("year") * 10 + F("quarter")))
        .values("newest")
    )
    Agreement.objects.update(newest_locked_quarter=Subquery(newest))


class Migration(migrations.Migration):
    dependencies = [
        ("agreement", "0007_newest_locked_quarter"),
        ("monitoring", "0001_initial"),
    ]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
