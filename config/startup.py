"""A configuration error stops every entry point (manage.py, gunicorn, the WSGI module) with one line
that names the variable and what it expects, instead of a traceback whose last line blames something
else (gunicorn's "Worker failed to boot")."""

import os
import sys


def settings_or_exit() -> None:
    """Read the settings now; on a configuration error, say it in one line on stderr and exit 2."""
    from django.core.exceptions import ImproperlyConfigured

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    try:
        from django.conf import settings

        settings.INSTALLED_APPS  # noqa: B018  (reading one setting loads them all)
    except ImproperlyConfigured as error:
        sys.stderr.write(f"Peyman cannot start: {error}\n")
        sys.exit(2)
