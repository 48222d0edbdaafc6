from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DeadlinesConfig(AppConfig):
    name = "deadlines"
    verbose_name = _("Deadlines")

    def ready(self):
        from deadlines.services import walk_ladders
        from monitoring.reminders import DAILY_STEPS

        if ("deadline steps fired", walk_ladders) not in DAILY_STEPS:
            DAILY_STEPS.append(("deadline steps fired", walk_ladders))
