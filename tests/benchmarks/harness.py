"""What every benchmark script shares: a throw-away database, the demo data, side-by-side timing.

Benchmarks are scripts that print figures, never tests: this machine is shared and noisy, so each
script measures ratios side by side in one run (a page against the sign-in page) and prints the
CPU count, the load average and CPU time next to wall time. `BENCHMARK_TINY=1` runs every script
at a tiny size: `tests/test_benchmarks_run.py` does that in `make test`, so a broken script fails
the build instead of rotting.
"""

import contextlib
import io
import os
import signal
import statistics
import sys
import time

TINY = os.environ.get("BENCHMARK_TINY") == "1"

# A run stopped with SIGTERM (a timeout, a closed terminal) unwinds like Ctrl+C, so that each script's
# `finally` drops the databases and files it made instead of leaving them in the temporary folder.
signal.signal(signal.SIGTERM, lambda _signal, _frame: sys.exit(128 + signal.SIGTERM))
# A migrated PostgreSQL database to copy instead of migrating afresh (tests/test_benchmarks_run.py
# passes the suite's own test database: a copy takes a fraction of a second, migrating several).
TEMPLATE_DATABASE = os.environ.get("BENCHMARK_TEMPLATE_DATABASE", "")
# A copy of TEMPLATE_DATABASE with the demo already loaded (`make_demo_template`: the smoke runs make
# it once for the scripts that read the demo, where each would seed it again, several seconds of CPU).
DEMO_TEMPLATE_DATABASE = os.environ.get("BENCHMARK_DEMO_TEMPLATE_DATABASE", "")
_demo_copied = False


def size(full: int, tiny: int) -> int:
    """`full`, or `tiny` when BENCHMARK_TINY=1 (a smoke run)."""
    return tiny if TINY else full


@contextlib.contextmanager
def throwaway_database(*, demo: bool = False):
    """A fresh test database, created and dropped as the test runner does, whatever DATABASE_URL says;
    with `demo`, copied from DEMO_TEMPLATE_DATABASE when there is one (load_demo then has nothing to do)."""
    global _demo_copied
    from django.conf import settings
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections, reset_queries

    # Not setup_test_environment(): its template instrumentation would slow every render.
    settings.ALLOWED_HOSTS = ["testserver"]
    # Each request would otherwise empty the query log that the query counts read.
    request_started.disconnect(reset_queries)
    # One kept connection, as production keeps them (CONN_MAX_AGE); reconnecting would also lose the log.
    request_finished.disconnect(close_old_connections)
    template = DEMO_TEMPLATE_DATABASE if demo and DEMO_TEMPLATE_DATABASE else TEMPLATE_DATABASE
    with migrated_database(template) as copied:
        _demo_copied = copied and template == DEMO_TEMPLATE_DATABASE
        yield


@contextlib.contextmanager
def migrated_database(template: str = TEMPLATE_DATABASE):
    """A test database made as the test runner makes it, or copied from `template` (TEMPLATE_DATABASE)
    when that is set and copying works (PostgreSQL refuses while anyone is connected to it: then
    migrate). Yields whether it was copied."""
    from django.conf import settings
    from django.db import DatabaseError, connection
    from django.test.utils import setup_databases, teardown_databases

    copy = f"test_{connection.settings_dict['NAME']}"
    if template and connection.vendor == "postgresql":
        try:
            with connection._nodb_cursor() as cursor:
                cursor.execute(f'CREATE DATABASE "{copy}" TEMPLATE "{template}"')
        except DatabaseError as error:
            print(f"could not copy {template} ({error}); migrating a new database", file=sys.stderr)
        else:
            connection.close()
            settings.DATABASES["default"]["NAME"] = connection.settings_dict["NAME"] = copy
            try:
                yield True
            finally:
                connection.close()
                with connection._nodb_cursor() as cursor:
                    cursor.execute(f'DROP DATABASE "{copy}"')
            return
    old_config = setup_databases(verbosity=0, interactive=False)
    try:
        yield False
    finally:
        teardown_databases(old_config, verbosity=0)


def load_demo():
    """The Qazvin agreement with the demo people, progress and evaluations; returns the agreement."""
    from django.core.management import call_command

    from agreement.models import Agreement

    if _demo_copied:  # copied from DEMO_TEMPLATE_DATABASE, loaded there by this function
        return Agreement.objects.get(reference="qazvin-ikrc-rural-1397")
    quiet = io.StringIO()
    call_command("load_agreement", "fixtures/qazvin_1397.json", verbosity=0)
    for command in ("seed_demo_people", "seed_demo_progress", "seed_demo_evaluations"):
        call_command(command, verbosity=0, stdout=quiet)
    return Agreement.objects.get(reference="qazvin-ikrc-rural-1397")


def make_demo_template(name: str) -> None:
    """Copy TEMPLATE_DATABASE to `name` and load the demo into it, kept for the smoke runs to copy
    (tests/test_benchmarks_run.py drops it): `python -m tests.benchmarks.harness --demo-template NAME`."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    django.setup()
    from django.conf import settings
    from django.db import connection

    with connection._nodb_cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}" TEMPLATE "{TEMPLATE_DATABASE}"')
    connection.close()
    settings.DATABASES["default"]["NAME"] = connection.settings_dict["NAME"] = name
    load_demo()
    connection.close()  # nobody may stay connected to a database that is to be copied


def machine() -> str:
    from django.db import connection

    load = os.getloadavg()
    return (
        f"{connection.vendor}, Python {sys.version.split()[0]}, {os.cpu_count()} CPU(s), "
        f"load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}"
    )


def _one(client, url: str) -> tuple[float, float]:
    wall, cpu = time.perf_counter(), time.process_time()
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return (time.perf_counter() - wall) * 1000, (time.process_time() - cpu) * 1000


def side_by_side(client, url: str, repeats: int, baseline_url: str = "/accounts/login/") -> dict:
    """The page and the sign-in page, interleaved round by round so that both see the same noise.

    Returns the page's query count, median wall and CPU milliseconds, and both as ratios to the
    sign-in page's. CPU time (this process only: with PostgreSQL the server's share is not in it)
    is steadier than wall time on a loaded machine.
    """
    from django.db import connection
    from django.test import Client

    anonymous = Client()
    _one(client, url), _one(anonymous, baseline_url)  # warm caches: templates, translations, session
    executed = []

    def count(execute, sql, params, many, context):
        executed.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        _one(client, url)
    page, sign_in = [], []
    for _ in range(repeats):
        page.append(_one(client, url))
        sign_in.append(_one(anonymous, baseline_url))
    wall, cpu = (statistics.median(m[i] for m in page) for i in (0, 1))
    base_wall, base_cpu = (statistics.median(m[i] for m in sign_in) for i in (0, 1))
    return {
        "queries": len(executed),
        "wall_ms": wall,
        "cpu_ms": cpu,
        "wall_ratio": wall / base_wall,
        "cpu_ratio": cpu / base_cpu if base_cpu else float("nan"),
        "sign_in_wall_ms": base_wall,
    }


def print_side_by_side(client, pages: dict[str, str], repeats: int) -> dict[str, dict]:
    """A table of `side_by_side` for each page; returns the figures by label."""
    print(f"{'page':<28} {'queries':>7} {'wall ms':>8} {'CPU ms':>7} {'wall ×':>7} {'CPU ×':>6}  (× the sign-in page)")
    results = {}
    for label, url in pages.items():
        r = results[label] = side_by_side(client, url, repeats)
        print(
            f"{label:<28} {r['queries']:>7} {r['wall_ms']:>8.1f} {r['cpu_ms']:>7.1f} "
            f"{r['wall_ratio']:>7.1f} {r['cpu_ratio']:>6.1f}"
        )
    return results


if __name__ == "__main__" and sys.argv[1:2] == ["--demo-template"]:
    make_demo_template(sys.argv[2])
