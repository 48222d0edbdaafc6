"""PostgreSQL restarted under a running worker: the worker waits, logs one line, and runs the next job.

The database is a throwaway cluster this test starts (initdb/pg_ctl, its own port and folder, removed
afterwards), never the shared server. Only the jobs' own tables are made in it: the job run is an
e-mail job for no notification, which touches no other table.
"""

import glob
import os
import pwd
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psycopg
import pytest
from django.conf import settings

from tests.notifications.test_smtp import free_port

BASE_DIR = Path(settings.BASE_DIR)


def postgres_bin() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    return Path(found[-1]).parent if found else None


def as_server_user() -> list[str]:
    """initdb and the server refuse to run as root: as root, run them as the postgres user."""
    if os.geteuid() != 0:
        return []
    try:
        pwd.getpwnam("postgres")
    except KeyError:
        return []
    return ["runuser", "-u", "postgres", "--"]


class ThrowawayCluster:
    def __init__(self):
        self.bin = postgres_bin()
        self.folder = Path(tempfile.mkdtemp(prefix="peyman-pg-"))
        self.data = self.folder / "data"
        self.port = free_port()
        self.url = f"postgres://postgres@127.0.0.1:{self.port}/postgres"

    def run(self, *args):
        subprocess.run(
            [*as_server_user(), str(self.bin / args[0]), *args[1:]], check=True, capture_output=True, timeout=120
        )

    def init(self):
        if as_server_user():
            shutil.chown(self.folder, "postgres")
        self.run("initdb", "-D", str(self.data), "-U", "postgres", "--auth=trust", "--no-sync")

    def start(self):
        options = f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.folder} -c fsync=off"
        self.run("pg_ctl", "-D", str(self.data), "-o", options, "-l", str(self.folder / "log"), "-w", "start")

    def stop(self, mode="fast"):
        self.run("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "stop")

    def remove(self):
        if (self.data / "postmaster.pid").exists():
            self.stop("immediate")
        shutil.rmtree(self.folder, ignore_errors=True)

    def jobs(self) -> list[tuple[str, str]]:
        with psycopg.connect(self.url, connect_timeout=5) as db:
            return db.execute(
                "SELECT id::text, status FROM django_tasks_database_dbtaskresult ORDER BY enqueued_at"
            ).fetchall()


@pytest.fixture
def cluster():
    if postgres_bin() is None:
        pytest.skip("PostgreSQL server binaries (initdb, pg_ctl) are not installed")
    if os.geteuid() == 0 and not as_server_user():
        pytest.skip("initdb refuses to run as root, and there is no postgres user to run it as")
    made = ThrowawayCluster()
    try:
        made.init()
        made.start()
        yield made
    finally:
        made.remove()


def manage(url: str, *args, **kwargs):
    env = {**os.environ, "DEBUG": "true", "DATABASE_URL": url, "MEDIA_ROOT": str(settings.MEDIA_ROOT)}
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=BASE_DIR, env=env, capture_output=True, text=True, **kwargs
    )


ENQUEUE = "from notifications.tasks import send_notification_emails as job; print(job.enqueue([]).id)"
MIGRATE_AND_ENQUEUE = (
    "from django.core.management import call_command; "
    "call_command('migrate', 'django_tasks_database', interactive=False, verbosity=0); "
    "call_command('migrate', 'jobs', interactive=False, verbosity=0); " + ENQUEUE
)


def wait_for(condition, timeout=30.0, what=""):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if condition():
                return
        except psycopg.OperationalError:
            pass
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


def test_the_worker_carries_on_after_postgresql_restarts(cluster):
    # The jobs' tables and the first job (queued before the worker starts, which finds it) in one
    # process: each Django start costs about a second of CPU.
    prepared = manage(cluster.url, "shell", "-c", MIGRATE_AND_ENQUEUE, timeout=120)
    assert prepared.returncode == 0, prepared.stderr
    first = prepared.stdout.split()[-1]
    env = {
        **os.environ,
        "DEBUG": "true",
        "DATABASE_URL": cluster.url,
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "PEYMAN_WORKER_BACKOFF_MIN": "0.2",
        "PEYMAN_WORKER_BACKOFF_MAX": "1",
    }
    worker = subprocess.Popen(
        [sys.executable, "manage.py", "db_worker", "--queue-name", "*", "--no-reload", "--interval", "0.2"],
        cwd=BASE_DIR,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        wait_for(lambda: dict(cluster.jobs()).get(first) == "SUCCESSFUL", what=f"the first job {cluster.jobs()}")

        cluster.stop()
        time.sleep(3)  # several polls against a dead server
        assert worker.poll() is None, "the worker exited while the database was down"
        cluster.start()
        restarted = time.monotonic()

        second = manage(cluster.url, "shell", "-c", ENQUEUE, timeout=60).stdout.split()[-1]
        wait_for(lambda: dict(cluster.jobs()).get(second) == "SUCCESSFUL", what="the job queued after the restart")
        recovery = time.monotonic() - restarted
        assert worker.poll() is None
    finally:
        worker.send_signal(signal.SIGTERM)
        output = worker.communicate(timeout=30)[0]

    assert worker.returncode == 0, output
    lines = output.splitlines()
    assert len([line for line in lines if "Database unreachable" in line]) == 1, output
    assert len([line for line in lines if "Database reachable again after" in line]) == 1, output
    assert "Traceback" not in output, output
    print(f"FAULT postgres restart: next job done {recovery:.1f} s after the restart; worker alive")
    assert recovery < 15, recovery
