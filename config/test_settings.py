"""Settings for the test suite: the project's settings as a developer runs them (DEBUG on unless the
environment says otherwise), so that a bare `.venv/bin/pytest tests/test_jalali.py` needs no variable.
pytest-django applies its own test changes on top (DEBUG off while a test runs, the test database)."""

import os

os.environ.setdefault("DEBUG", "true")

from config.settings import *  # noqa: E402, F403
