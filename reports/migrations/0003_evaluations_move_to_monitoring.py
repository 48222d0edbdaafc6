"""Evaluations and quarter locks now belong to the monitoring app; their tables stay where they are."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("reports", "0002_issued_report"),
        ("monitoring", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="HistoricalEvaluation"),
                migrations.DeleteModel(name="HistoricalQuarterLock"),
                migrations.DeleteModel(name="Evaluation"),
                migrations.DeleteModel(name="QuarterLock"),
            ],
            database_operations=[],
        ),
    ]
