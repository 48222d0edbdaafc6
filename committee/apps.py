from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommitteeConfig(AppConfig):
    """The joint committee (J1): meetings, minutes, followed-up decisions; the executive calendar (A1)."""

    name = "committee"
    verbose_name = _("Joint committee and executive calendar")
