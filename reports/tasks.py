"""Jobs of the reports app, run by `manage.py db_worker` on the `reports` queue."""

from django_tasks import task

from reports import jobs


@task(queue_name="reports")
def run_report_job(job_id: int) -> str:
    return jobs.run(job_id)
