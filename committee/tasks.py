"""Jobs of the committee app, run by `manage.py db_worker` (on the reports queue: PDFs)."""

from django_tasks import task

from committee import drafts, sealing


@task(queue_name="reports")
def build_minutes_draft(job_id: int) -> str:
    return drafts.run(job_id)


@task(queue_name="reports")
def seal_minutes(issued_id: int) -> str:
    """Lay out (at the first approval) and seal one issued minutes document: committee/sealing.py."""
    return sealing.run(issued_id)
