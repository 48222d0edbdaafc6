"""Jobs of the committee app, run by `manage.py db_worker` (on the reports queue: PDFs)."""

from django_tasks import task

from committee import drafts


@task(queue_name="reports")
def build_minutes_draft(job_id: int) -> str:
    return drafts.run(job_id)
