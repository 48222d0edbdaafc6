from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ObligationsConfig(AppConfig):
    name = "obligations"
    verbose_name = _("Commitments and progress")
