from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TermsConfig(AppConfig):
    name = "terms"
    verbose_name = _("Terms")

    def ready(self):
        from monitoring.reminders import DAILY_STEPS
        from obligations.services import ENTRY_REFUSALS
        from terms.models import expired_refusal
        from terms.services import watch_terms

        # An agreement past its end takes no entries; the daily job alerts, expires and renews.
        if expired_refusal not in ENTRY_REFUSALS:
            ENTRY_REFUSALS.append(expired_refusal)
        if ("terms watched", watch_terms) not in DAILY_STEPS:
            DAILY_STEPS.append(("terms watched", watch_terms))
