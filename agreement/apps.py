from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AgreementConfig(AppConfig):
    name = "agreement"
    verbose_name = _("Agreements")

    def ready(self):
        # Connects the sign-in signal that stamps a new session for the idle timeout.
        from agreement import signin  # noqa: F401
