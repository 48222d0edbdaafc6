"""One migration per run on PostgreSQL, however many pytest-xdist workers: the first worker migrates a
template database, each worker's test database is a copy of it (`CREATE DATABASE ... TEMPLATE`, a
fraction of a second, where migrating costs about 13 s of CPU). The template is named for the run and
dropped at its end by the controller; `--reuse-db`, a run without workers and SQLite make their test
databases as Django does.
"""

import os
import re
import uuid

# Set by the controller before it starts the workers, who inherit it: the run's template tag.
TAG = "PEYMAN_TEST_TEMPLATE_TAG"


def _template_name(test_database_name: str) -> str:
    run = re.sub(r"_gw\d+$", "", test_database_name)  # one template for all the workers' databases
    return f"{run}_tpl_{os.environ[TAG]}"


def template_for(connection) -> str:
    """The run's template database for this connection's test database, or "" when there is none."""
    if TAG not in os.environ or connection.vendor != "postgresql":
        return ""
    return _template_name(connection.creation._get_test_db_name())


def install():
    from django.db.backends.postgresql.creation import DatabaseCreation

    create_test_db = DatabaseCreation.create_test_db

    def create_from_template(self, verbosity=1, autoclobber=False, serialize=True, keepdb=False):
        template = template_for(self.connection)
        if not template or keepdb or serialize:  # serialize: for serialized_rollback, which no test uses
            return create_test_db(self, verbosity, autoclobber, serialize, keepdb)
        from django.conf import settings

        target = self._get_test_db_name()
        quote = self.connection.ops.quote_name
        with self._nodb_cursor() as cursor:
            # One worker at a time: the first makes the template, as Django makes a test database.
            cursor.execute("SELECT pg_advisory_lock(hashtext(%s))", [template])
            try:
                cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [template])
                if cursor.fetchone() is None:
                    self.connection.settings_dict["TEST"]["NAME"] = template
                    try:
                        create_test_db(self, verbosity, autoclobber=True, serialize=False, keepdb=False)
                    finally:
                        self.connection.settings_dict["TEST"]["NAME"] = target
                    self.connection.close()  # nobody may be connected to a template that is copied
                if verbosity >= 1:
                    self.log(f"Copying {template} to the test database {target}...")
                cursor.execute(f"DROP DATABASE IF EXISTS {quote(target)}")
                cursor.execute(f"CREATE DATABASE {quote(target)} TEMPLATE {quote(template)}")
            finally:
                cursor.execute("SELECT pg_advisory_unlock(hashtext(%s))", [template])
        self.connection.close()
        settings.DATABASES[self.connection.alias]["NAME"] = target
        self.connection.settings_dict["NAME"] = target
        self.connection.ensure_connection()
        return target

    DatabaseCreation.create_test_db = create_from_template


def pytest_configure(config):
    """The controller of an xdist run names the run's template (the workers inherit the variable);
    a run with --reuse-db keeps its databases, and makes them as Django does."""
    if hasattr(config, "workerinput"):
        return
    if config.getoption("numprocesses", None) and not config.getoption("reuse_db", False):
        os.environ[TAG] = uuid.uuid4().hex[:8]


def pytest_unconfigure(config):
    """The controller drops the run's template once every worker has finished."""
    if hasattr(config, "workerinput") or TAG not in os.environ:
        return
    from django.db import connection

    template = template_for(connection)
    if template:
        import psycopg

        params = {**connection.get_connection_params(), "dbname": "postgres"}
        params.pop("cursor_factory", None)
        params.pop("context", None)
        with psycopg.connect(**params, autocommit=True) as raw:
            raw.execute(f"DROP DATABASE IF EXISTS {connection.ops.quote_name(template)}")
    del os.environ[TAG]
