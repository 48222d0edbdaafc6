"""The app survives a database restart: persistent connections are health-checked before reuse.

Each request starts with Django's request_started signal, which is where a kept connection is
marked for a health check; the test sends that signal around a killed backend, as a restart would.
"""

import psycopg
import pytest
from django.core.signals import request_started
from django.db import OperationalError, connection


def _kill_our_backend():
    connection.ensure_connection()
    pid = connection.connection.info.backend_pid
    params = {k: v for k, v in connection.get_connection_params().items() if k != "cursor_factory"}
    with psycopg.connect(**params, autocommit=True) as admin:
        assert admin.execute("SELECT pg_terminate_backend(%s)", [pid]).fetchone()[0]


def _query_as_a_new_request():
    request_started.send(sender=None)
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        return cursor.fetchone()[0]


@pytest.fixture
def postgres_only(transactional_db):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (what CI runs)")


def test_a_killed_connection_is_replaced_before_the_next_request(postgres_only):
    assert connection.settings_dict["CONN_HEALTH_CHECKS"] is True
    assert connection.settings_dict["CONN_MAX_AGE"] > 0
    _kill_our_backend()
    assert _query_as_a_new_request() == 1


def test_without_health_checks_the_same_restart_fails_a_request(postgres_only, monkeypatch):
    monkeypatch.setitem(connection.settings_dict, "CONN_HEALTH_CHECKS", False)
    _kill_our_backend()
    with pytest.raises(OperationalError):
        _query_as_a_new_request()
    connection.close()
