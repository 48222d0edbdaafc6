from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Quarterly reports")

    def ready(self):
        from jobs.worker import job_abandoned
        from reports.jobs import worker_died

        # A report job whose worker died says "failed, try again" instead of "rendering" for ever.
        job_abandoned.connect(worker_died, dispatch_uid="reports-worker-died")

        from jobs.queue import RETRY_HANDLERS
        from reports.jobs import run_again_from_operator

        # "Run again" of a failed report task asks for the report again (its job page shows it).
        # By its path: importing a tasks module here would fix the job backend before test settings.
        RETRY_HANDLERS["reports.tasks.run_report_job"] = run_again_from_operator

        from obligations.services import ISSUED_REPORT_CHECKS
        from reports.models import issued_report_number_for_entry

        ISSUED_REPORT_CHECKS.append(issued_report_number_for_entry)
