"""Every benchmark script runs, at a tiny size, so that a broken one fails the build instead of rotting.

The scripts print figures (they are not tests); here only their exit status and the table they
print are checked. Each runs in its own process with its own throw-away database, named apart
from the test run's own so that the two never meet.
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SCRIPTS = sorted(p.stem for p in (ROOT / "tests" / "benchmarks").glob("*.py") if p.stem not in ("__init__", "harness"))


def _environment(media_root: Path) -> dict:
    from django.conf import settings

    # Files the scripts write (evidence, reports, thumbnails) go to the test's folder, not the checkout's media/.
    env = {**os.environ, "BENCHMARK_TINY": "1", "DEBUG": "true", "MEDIA_ROOT": str(media_root)}
    url = env.get("DATABASE_URL", "")
    if url.startswith("postgres"):
        # The script's database is named after this one: keep it apart from the suite's.
        env["DATABASE_URL"] = f"{url.rstrip('/')}_bench_{os.getpid()}"
        # ... and copied from this worker's migrated test database rather than migrated again (the
        # test is marked django_db, so there is one).
        # Under pytest-xdist the run's migrated template (tests/template_database.py), which nobody is
        # connected to, is there to copy.
        if settings.DATABASES["default"]["NAME"].startswith("test_"):
            from django.db import connection

            from tests.template_database import template_for

            env["BENCHMARK_TEMPLATE_DATABASE"] = template_for(connection) or settings.DATABASES["default"]["NAME"]
    return env


@pytest.fixture(scope="module")
def demo_template(django_db_setup, django_db_blocker, tmp_path_factory):
    """The run's template with the demo loaded, made once in a process of its own for the scripts that
    read the demo (pages, log_entry, concurrent_writers, seal_report: each seeded it, several seconds
    of CPU apiece) and dropped at the end; "" where there is nothing to copy (SQLite, no template)."""
    from django.db import connection, connections

    env = _environment(tmp_path_factory.mktemp("demo-media"))
    template = env.get("BENCHMARK_TEMPLATE_DATABASE", "")
    if not template:
        yield ""
        return
    name = f"{template[:40]}_demo_{os.getpid()}"
    with django_db_blocker.unblock():
        connections.close_all()
        made = subprocess.run(
            [sys.executable, "-m", "tests.benchmarks.harness", "--demo-template", name],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
        )
        try:
            assert made.returncode == 0, made.stderr[-3000:]
            yield name
        finally:
            with connection._nodb_cursor() as cursor:
                cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_there_are_benchmark_scripts():
    assert {"pages", "report_pdf"} <= set(SCRIPTS)


# django_db: a migrated test database to copy even when this file runs alone (pytest-django makes
# none unless a collected test asks for one), where each script would otherwise migrate its own
# (about 13 s of CPU each).
@pytest.mark.django_db
@pytest.mark.parametrize("script", SCRIPTS)
def test_the_script_runs_at_a_tiny_size(script, tmp_path, demo_template):
    from django.db import connections

    connections.close_all()  # PostgreSQL copies a database only while nobody is connected to it
    env = {**_environment(tmp_path / "media"), "BENCHMARK_DEMO_TEMPLATE_DATABASE": demo_template}
    result = subprocess.run(
        [sys.executable, "-m", f"tests.benchmarks.{script}"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert "could not copy" not in result.stderr, result.stderr[-3000:]  # the copy is what keeps this quick
    assert "load average" in result.stdout, result.stdout[-2000:]
