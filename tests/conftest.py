"""Shared fixtures: the real Qazvin agreement and one persona per role."""

import contextlib
import logging
import shutil
import tempfile
import warnings
from pathlib import Path

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.utils import translation

from agreement.models import Agreement, CommitteeMember, Membership, Party
from tests import template_database
from tests.figures_guard import pytest_runtest_call  # noqa: F401 - the kept parts' version guard, a hook
from tests.seal_pki import nss_with_root, seal_pki, sealing  # noqa: F401 - the throwaway PKI, once a session

FIXTURE = "fixtures/qazvin_1397.json"


def pytest_configure(config):
    from django.conf import settings

    # Production hashing costs ~0.3 s a password; personas would dominate the suite's time.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Jobs run at once, inside the test; tests/jobs/test_worker.py drives a real worker instead.
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend", "QUEUES": ["default", "reports"]}
    }
    # Hypothesis keeps no example database and its caches in a folder of this process, removed at the
    # end: it would write .hypothesis/ into the checkout, and tests leave the checkout as they found it
    # (the property tests choose their examples afresh each run).
    from hypothesis import settings as hypothesis_settings
    from hypothesis.configuration import set_hypothesis_home_dir

    hypothesis_settings.register_profile("peyman", database=None)
    hypothesis_settings.load_profile("peyman")
    config._peyman_hypothesis_home = tempfile.mkdtemp(prefix="peyman-hypothesis-")
    set_hypothesis_home_dir(config._peyman_hypothesis_home)
    template_database.pytest_configure(config)
    template_database.install()


def pytest_unconfigure(config):
    shutil.rmtree(getattr(config, "_peyman_hypothesis_home", ""), ignore_errors=True)
    template_database.pytest_unconfigure(config)


REFERENCE = "qazvin-ikrc-rural-1397"


@pytest.fixture(autouse=True)
def _fail_on_logged_errors(caplog):
    """Anything logged at ERROR (a 500, a swallowed exception) fails the test that caused it."""
    yield
    errors = [r for r in caplog.get_records("call") if r.levelno >= logging.ERROR]
    assert not errors, f"ERROR logged: {[r.getMessage() for r in errors]}"


@pytest.fixture(autouse=True)
def _persian_first():
    """Every test starts in Persian: a request to /en/ leaves English active in the thread."""
    translation.activate("fa")
    yield
    translation.activate("fa")


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with no rendered dashboard kept: rolled-back tests reuse primary keys (SQLite)
    and versions, so a page kept by an earlier test could otherwise match a later test's key."""
    cache.clear()


@pytest.fixture
def nothing_kept(settings):
    """`with nothing_kept():` renders pages with no part kept (PEYMAN_PAGE_CACHE_SECONDS = 0), as the
    first reader after a change gets them: what a kept page must equal."""

    @contextlib.contextmanager
    def fresh():
        seconds, settings.PEYMAN_PAGE_CACHE_SECONDS = settings.PEYMAN_PAGE_CACHE_SECONDS, 0
        try:
            yield
        finally:
            settings.PEYMAN_PAGE_CACHE_SECONDS = seconds

    return fresh


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(scope="session", autouse=True)
def _no_session_left_on_the_test_database(django_db_setup, django_db_blocker):
    """At the end, no other session may hold this worker's PostgreSQL test database: a process a
    test started and did not stop (a server, a worker) would keep pytest-django from dropping it,
    and the database would stay on the server. Such sessions are ended, and named in a warning.
    (Set up after the test database, so it runs before the database is dropped.)"""
    yield
    from django.db import connection

    if connection.vendor != "postgresql" or not connection.settings_dict["NAME"].startswith("test_"):
        return  # no test of this run used the database, so pytest-django made none
    with django_db_blocker.unblock(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid, application_name, backend_start, left(query, 200) FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        left = cursor.fetchall()
        for pid, *_ in left:
            cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
    if left:
        warnings.warn(f"sessions left on the test database were ended: {left}", stacklevel=1)


@pytest.fixture(scope="session", autouse=True)
def _checkout_media_untouched():
    """No test, nor any process a test starts (a worker, a server, a benchmark), writes into the
    checkout's media/: each gets the test's own folder."""
    from django.conf import settings

    checkout_media = Path(settings.BASE_DIR) / "media"

    def files():
        return {p for p in checkout_media.rglob("*") if p.is_file()} if checkout_media.exists() else set()

    before = files()
    yield
    written = sorted(str(p) for p in files() - before)
    assert not written, f"tests wrote into the checkout's media/: {written[:5]}"


def _reseed_iran_hijri_months():
    import importlib

    from django.apps import apps

    from agreement.models import HijriMonthStart

    if not HijriMonthStart.objects.exists():
        importlib.import_module("agreement.migrations.0004_seed_iran_hijri_months").seed(apps, None)


class _BaseData:
    """The Qazvin agreement and its parties, loaded once per test database and kept committed.

    Loading it costs about 0.4 s, against a few milliseconds for most tests: each test in a
    rolled-back transaction (pytest-django's `db`) sees it and leaves it as it found it. A test that
    commits (`transactional_db`, `live_server`) ends by emptying every table. On PostgreSQL the rows
    the first load left (the agreement, and what migrations and their post_migrate signal wrote:
    content types, permissions, the Hijri months) are kept in memory with COPY, and put back by COPY
    in the same transaction as the TRUNCATE, row for row and key for key: a few milliseconds, where
    Django's flush, its post_migrate signal and a new load cost about a second of CPU. Elsewhere
    (SQLite) Django's flush runs, and the next test that starts loads the agreement again first.
    pytest-django has no hook between a test and the next one's transaction, hence the two small
    wraps of Django's test case below."""

    missing = True  # nothing is loaded yet in this process's test database (--reuse-db: reloaded, idempotent)
    rows: dict[str, dict[str, bytes]] = {}  # database alias -> table -> its rows as COPY wrote them
    tables: dict[str, list[str]] = {}  # database alias -> the tables Django's flush empties

    @classmethod
    def load_if_missing(cls):
        if cls.missing:
            from django.db import connection

            call_command("load_agreement", FIXTURE, verbosity=0)
            _reseed_iran_hijri_months()  # data of a migration: a flush empties it with the rest
            cls.missing = False
            if connection.vendor == "postgresql" and connection.alias not in cls.rows:
                cls.rows[connection.alias] = cls._copy_out(connection)
            # The test then opens its own connection, as it did before the load moved here:
            # tests/test_database_restart.py kills "its" backend and expects the next query to fail.
            connection.close()

    @classmethod
    def _tables(cls, connection) -> list[str]:
        if connection.alias not in cls.tables:
            cls.tables[connection.alias] = connection.introspection.django_table_names(
                only_existing=True, include_views=False
            )
        return cls.tables[connection.alias]

    @classmethod
    def _copy_out(cls, connection) -> dict[str, bytes]:
        rows = {}
        with connection.cursor() as cursor:
            for table in cls._tables(connection):
                with cursor.copy(f"COPY {connection.ops.quote_name(table)} TO STDOUT") as copy:
                    data = b"".join(bytes(block) for block in copy)
                if data:
                    rows[table] = data
        return rows

    @classmethod
    def _empty_and_restore(cls, alias) -> bool:
        """Empty every table and put the kept rows back, in one transaction; False when there are none
        kept for this database (then Django's flush runs)."""
        from django.db import connections, transaction

        connection = connections[alias]
        if connection.vendor != "postgresql" or alias not in cls.rows:
            return False
        quote = connection.ops.quote_name
        with transaction.atomic(using=alias), connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")  # the rows go back in any order
            # DELETE rather than TRUNCATE: on tables of a few rows PostgreSQL deletes in microseconds,
            # where a TRUNCATE makes new files for every table and index (seconds on a busy machine).
            cursor.execute("".join(f"DELETE FROM {quote(table)};" for table in cls._tables(connection)))
            for table, data in cls.rows[alias].items():
                with cursor.copy(f"COPY {quote(table)} FROM STDIN") as copy:
                    copy.write(data)
        # Sequences are not reset (nor are they by Django's flush here): the kept rows' keys are
        # below them, so the next rows get new keys, as after a fresh load.
        return True

    @classmethod
    def install(cls):
        from django.test import TransactionTestCase

        pre_setup = TransactionTestCase._pre_setup.__func__  # a classmethod in Django 5.2
        fixture_teardown = TransactionTestCase._fixture_teardown

        def _pre_setup(test_class):
            cls.load_if_missing()  # before the test's transaction opens: committed, kept for the next tests
            pre_setup(test_class)

        def _fixture_teardown(self):
            # TestCase overrides it with a rollback: only a test that committed comes here.
            aliases = list(self._databases_names(include_mirrors=False))
            if all(cls._empty_and_restore(alias) for alias in aliases):
                return  # as Django's flush followed by a new load would leave it, key for key
            fixture_teardown(self)
            cls.missing = True

        TransactionTestCase._pre_setup = classmethod(_pre_setup)
        TransactionTestCase._fixture_teardown = _fixture_teardown


_BaseData.install()


@pytest.fixture
def agreement(db) -> Agreement:
    return Agreement.objects.get(reference=REFERENCE)


@pytest.fixture
def relief(agreement) -> Party:
    return Party.objects.get(code="ikrc-qazvin")


@pytest.fixture
def rural(agreement) -> Party:
    return Party.objects.get(code="rural-affairs-qazvin")


@pytest.fixture
def outside_party(db) -> Party:
    return Party.objects.create(code="other-agency", name_fa="سازمان دیگر", name_en="Another agency")


def _person(django_user_model, username, party, role):
    user = django_user_model.objects.create_user(username=username, password="pw-for-tests-1397")
    if party is not None:
        Membership.objects.create(user=user, party=party, role=role)
    return user


@pytest.fixture
def rural_staff(django_user_model, rural):
    return _person(django_user_model, "rural-staff", rural, Membership.Role.STAFF)


@pytest.fixture
def rural_focal(django_user_model, rural):
    return _person(django_user_model, "rural-focal", rural, Membership.Role.FOCAL_POINT)


@pytest.fixture
def rural_viewer(django_user_model, rural):
    return _person(django_user_model, "rural-viewer", rural, Membership.Role.VIEWER)


@pytest.fixture
def rural_misconfigured_monitor(django_user_model, rural):
    """A rural-affairs person wrongly given the monitor role: it must give them nothing."""
    return _person(django_user_model, "rural-monitor", rural, Membership.Role.MONITOR)


@pytest.fixture
def relief_staff(django_user_model, relief):
    return _person(django_user_model, "relief-staff", relief, Membership.Role.STAFF)


@pytest.fixture
def relief_viewer(django_user_model, relief):
    return _person(django_user_model, "relief-viewer", relief, Membership.Role.VIEWER)


@pytest.fixture
def monitor(django_user_model, relief):
    return _person(django_user_model, "relief-monitor", relief, Membership.Role.MONITOR)


@pytest.fixture
def second_monitor(django_user_model, relief):
    return _person(django_user_model, "relief-monitor-2", relief, Membership.Role.MONITOR)


@pytest.fixture
def committee_member(django_user_model, agreement, outside_party):
    """Sits on the joint committee without belonging to either party: reads through the seat alone."""
    user = _person(django_user_model, "committee", outside_party, Membership.Role.VIEWER)
    CommitteeMember.objects.create(agreement=agreement, user=user)
    return user


@pytest.fixture
def relief_member(django_user_model, agreement, relief):
    """A relief-committee viewer with a seat on the joint committee (the demo's committee-relief)."""
    user = _person(django_user_model, "committee-relief", relief, Membership.Role.VIEWER)
    CommitteeMember.objects.create(agreement=agreement, user=user)
    return user


@pytest.fixture
def rural_member(django_user_model, agreement, rural):
    """A rural-affairs viewer with a seat on the joint committee (the demo's committee-rural)."""
    user = _person(django_user_model, "committee-rural", rural, Membership.Role.VIEWER)
    CommitteeMember.objects.create(agreement=agreement, user=user)
    return user


@pytest.fixture
def outsider(django_user_model, outside_party, agreement):
    return _person(django_user_model, "outsider", outside_party, Membership.Role.STAFF)


@pytest.fixture
def superuser(django_user_model, agreement):
    return django_user_model.objects.create_superuser(username="root", password="pw-for-tests-1397")


@pytest.fixture
def log_entry():
    """log_entry(commitment("B5"), rural_staff, **fields): tests.factories.make_entry, the one way a
    test logs progress (the entry form's service, any field given)."""
    from tests.factories import make_entry

    return make_entry


@pytest.fixture
def commitment(agreement):
    """Returns a lookup: commitment("B5")."""
    from obligations.models import Commitment

    def lookup(number):
        return Commitment.objects.get(agreement=agreement, number=number)

    return lookup


@pytest.fixture
def relief_focal(django_user_model, relief):
    """The relief committee's focal point (confirms amendments for it; hears of its deadlines)."""
    return _person(django_user_model, "relief-focal", relief, Membership.Role.FOCAL_POINT)
