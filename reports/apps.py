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

        from obligations.services import ISSUED_REPORT_CHECKS
        from reports.models import issued_report_number_for_entry

        ISSUED_REPORT_CHECKS.append(issued_report_number_for_entry)
