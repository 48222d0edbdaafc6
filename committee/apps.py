from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommitteeConfig(AppConfig):
    """The joint committee (J1): meetings, minutes, followed-up decisions; the executive calendar (A1)."""

    name = "committee"
    verbose_name = _("Joint committee and executive calendar")

    def ready(self):
        from committee.drafts import run_again_from_operator, worker_died
        from committee.tasks import build_minutes_draft
        from jobs.queue import RETRY_HANDLERS
        from jobs.worker import job_abandoned

        # A draft whose worker died says "failed, try again" instead of "being built" for ever.
        job_abandoned.connect(worker_died, dispatch_uid="committee-draft-worker-died")
        RETRY_HANDLERS[build_minutes_draft.module_path] = run_again_from_operator
