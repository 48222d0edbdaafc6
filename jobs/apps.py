from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JobsConfig(AppConfig):
    """Our side of the background jobs: a worker that outlives database outages and dead workers'
    jobs that are not left RUNNING. Listed before django_tasks_db so its `db_worker` is the one run."""

    name = "jobs"
    verbose_name = _("Background jobs")
