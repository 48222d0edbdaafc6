"""Jobs of the reports app, run by `manage.py db_worker` on the `reports` queue."""

from django_tasks import task

from reports import jobs, sealing


@task(queue_name="reports")
def run_report_job(job_id: int) -> str:
    return jobs.run(job_id)


@task(queue_name="reports")
def seal_report(report_id: int) -> str:
    """Seal an issued report whose seal could not be applied when it was issued: reports/sealing.py."""
    return sealing.run(report_id)
