from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommitteeConfig(AppConfig):
    """The joint committee (J1): meetings, minutes, followed-up decisions; the executive calendar (A1)."""

    name = "committee"
    verbose_name = _("Joint committee and executive calendar")

    def ready(self):
        from committee.drafts import run_again_from_operator, worker_died
        from jobs.queue import RETRY_HANDLERS
        from jobs.worker import job_abandoned

        # A draft whose worker died says "failed, try again" instead of "being built" for ever.
        job_abandoned.connect(worker_died, dispatch_uid="committee-draft-worker-died")
        # By its path: importing a tasks module here would fix the job backend before test settings.
        RETRY_HANDLERS["committee.tasks.build_minutes_draft"] = run_again_from_operator

        from committee.models import end_feed_of_deactivated
        from people.services import account_deactivated

        # A deactivated person's feed address stops working; a reactivation does not bring it back.
        account_deactivated.connect(end_feed_of_deactivated, dispatch_uid="committee-feed-deactivated")
