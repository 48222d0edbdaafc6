"""An index for /healthz's "failed jobs in the last day" (jobs.queue.figures), on the library's
table: a partial index over failed jobs only, so the count reads a handful of rows however many
successful jobs the table keeps until they are pruned. Both PostgreSQL and SQLite have partial indexes."""

from django.db import migrations

TABLE = "django_tasks_database_dbtaskresult"


class Migration(migrations.Migration):
    dependencies = [
        ("jobs", "0001_worker_heartbeat"),
        ("django_tasks_database", "0021_conditional_partial_index_ordering"),
    ]

    operations = [
        migrations.RunSQL(
            f"CREATE INDEX IF NOT EXISTS jobs_failed_finished_idx ON {TABLE} (finished_at) WHERE status = 'FAILED'",
            "DROP INDEX IF EXISTS jobs_failed_finished_idx",
        ),
    ]
