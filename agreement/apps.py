from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AgreementConfig(AppConfig):
    name = "agreement"
    verbose_name = _("Agreements")

    def ready(self):
        from django.db.backends.signals import connection_created

        # Connects the sign-in signal that stamps a new session for the idle timeout.
        from agreement import signin  # noqa: F401
        from agreement.persian import register_sqlite_functions

        # Search folds Persian text the same way in Python and in SQLite.
        connection_created.connect(register_sqlite_functions, dispatch_uid="peyman-search-key")
