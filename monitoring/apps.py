from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitoringConfig(AppConfig):
    name = "monitoring"
    verbose_name = _("Monitoring")

    def ready(self):
        from monitoring.models import locked_quarter_refusal
        from obligations.services import WORK_DATE_REFUSALS

        # An entry dated in a quarter whose report was issued is refused on every write path.
        if locked_quarter_refusal not in WORK_DATE_REFUSALS:
            WORK_DATE_REFUSALS.append(locked_quarter_refusal)
