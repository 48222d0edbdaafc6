"""Benchmark: the same pages with 1,000 entries and with 1,000,000 over 50 agreements, in one run.

    make benchmark                                   # all benchmark scripts
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/peyman DEBUG=true .venv/bin/python -m tests.benchmarks.pages_scale
    # reuse a database made by `generate_scale_data --agreements 50 --entries 1000000 --seed 1`:
    BENCHMARK_SCALE_DATABASE_URL=postgres://postgres@127.0.0.1:5432/peyman_scale1m ... pages_scale

Two databases, both made by `generate_scale_data --seed 1`: a small one (one agreement, 1,000
entries) and a big one (50 agreements, 1,000,000 entries; about four minutes to make, so an
existing one can be named with BENCHMARK_SCALE_DATABASE_URL and is then only read). Each is
served by its own worker process (`--worker`: Django, the test client, one kept connection, as
production keeps them), signed in as a monitor of the first agreement, `scale-1-001`, which has the
same shape in both. This process asks the two workers in turn, round by round, for one request of
a page and one of the sign-in page, so the four series see the same noise on this shared machine.
For each page it prints the query count in each database, the median wall and CPU time (the
worker's own CPU; PostgreSQL's share is in the wall time only), the ratio to the sign-in page
measured by the same worker, and the ratio big / small. An export is timed to its first chunk
(headers and the first rows): what a person waits for before the download starts.
"""

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tests.benchmarks.harness import TEMPLATE_DATABASE, TINY, size

ROOT = Path(__file__).resolve().parents[2]
REQUESTS = size(15, 2)
SMALL = {"agreements": 1, "entries": size(1000, 100)}
BIG = {"agreements": size(50, 2), "entries": size(1_000_000, 2000)}
REFERENCE = "scale-1-001"
MONITOR = "s1-001-a-monitor1"
SIGN_IN = "/accounts/login/"
AFTER_A_CHANGE = "changed, "
PORTFOLIO = "portfolio (all agreements)"
OVERSEER = "bench-overseer"


# ---- The worker: one database, requests on demand -------------------------------------------


def _pages(agreement) -> dict[str, str]:
    """The pages issue 11 names, for one agreement: label -> URL."""
    from django.db.models import Count

    from agreement.jalali import Quarter

    base = f"/a/{agreement.reference}"
    quarter = Quarter.current().previous()
    party = agreement.signatories.select_related("party").order_by("is_monitoring_party").first().party  # B
    county = agreement.counties.order_by("pk").first()
    busiest = agreement.commitments.annotate(n=Count("entries")).order_by("-n", "pk").first()
    filtered = f"{base}/dashboard/?party={party.code}&quarter={quarter}&county={county.code}"
    pages = {
        "commitments": f"{base}/commitments/",
        f"commitment {busiest.number}": f"{base}/commitments/{busiest.number}/",
        "dashboard": f"{base}/dashboard/",
        "dashboard, filtered": filtered,
        # These and the evaluations with the agreement's data changed before each request: rendered
        # afresh, as the first reader after an entry sees them (agreement.page_cache).
        AFTER_A_CHANGE + "dashboard": f"{base}/dashboard/",
        AFTER_A_CHANGE + "dashboard, filtered": filtered,
        "review queue": f"{base}/review/",
        "evaluations": f"{base}/evaluations/?quarter={quarter}",
        AFTER_A_CHANGE + "evaluations": f"{base}/evaluations/?quarter={quarter}",
    }
    for what in ("commitments", "entries", "evaluations"):
        for format_ in ("csv", "xlsx"):
            pages[f"export {what} {format_}, 1st byte"] = f"{base}/export/{what}/?format={format_}"
    # Issue 23: every agreement side by side, read by an overseer of all of them (OVERSEER below).
    pages[PORTFOLIO] = "/portfolio/"
    return pages


def _request(client, url: str) -> tuple[float, float]:
    """Wall and CPU milliseconds for one request; a streamed response up to its first chunk."""
    wall, cpu = time.perf_counter(), time.process_time()
    response = client.get(url)
    if response.streaming:
        next(iter(response.streaming_content))
    elapsed = (time.perf_counter() - wall) * 1000, (time.process_time() - cpu) * 1000
    assert response.status_code == 200, (url, response.status_code)
    response.close()
    return elapsed


def worker():
    """Serve requests for the main process: a JSON command a line in, a JSON answer a line out."""
    import logging

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    django.setup()
    logging.disable(logging.INFO)  # django-axes says so at every forced sign-in
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.core.signals import request_finished
    from django.db import close_old_connections, connection
    from django.test import Client

    from agreement.models import Agreement, Overseer
    from obligations.models import ProgressEntry

    settings.ALLOWED_HOSTS = ["testserver"]
    request_finished.disconnect(close_old_connections)  # one kept connection, as CONN_MAX_AGE keeps it
    agreement = Agreement.objects.get(reference=REFERENCE)
    client, anonymous, overseer = Client(), Client(), Client()
    client.force_login(get_user_model().objects.get(username=MONITOR))
    # The portfolio's reader: an overseer of every agreement, made here and removed at the end
    # (the big database may be an existing one, which this benchmark otherwise only reads).
    reader, _made = get_user_model().objects.get_or_create(username=OVERSEER)
    Overseer.objects.bulk_create(
        [Overseer(agreement=a, user=reader) for a in Agreement.objects.all()], ignore_conflicts=True
    )
    overseer.force_login(reader)
    urls = _pages(agreement)

    def changed(label):
        """What a write does to the agreement, outside the timed request."""
        if label.startswith(AFTER_A_CHANGE):
            Agreement.objects.figures_changed(agreement.pk)

    described = {
        "labels": list(urls),
        "entries": ProgressEntry.objects.count(),
        "agreements": Agreement.objects.count(),
        "agreement_entries": ProgressEntry.objects.filter(commitment__agreement=agreement).count(),
    }
    print(json.dumps(described), flush=True)

    def client_for(label):
        return overseer if label.endswith(PORTFOLIO) else client

    for line in sys.stdin:
        command = json.loads(line)
        label = command["page"]
        reading = client_for(label)
        if command.get("count"):
            executed = []

            def count(execute, sql, params, many, context, executed=executed):
                executed.append(sql)
                return execute(sql, params, many, context)

            _request(reading, urls[label]), _request(anonymous, SIGN_IN)  # warm: templates, translations
            changed(label)
            with connection.execute_wrapper(count):
                _request(reading, urls[label])
            answer = {"queries": len(executed)}
        else:
            changed(label)
            answer = {"page": _request(reading, urls[label]), "sign_in": _request(anonymous, SIGN_IN)}
        print(json.dumps(answer), flush=True)
    reader.delete()  # and its oversights with it


# ---- The main process: databases, workers, rounds -----------------------------------------


class Database:
    """A database made by generate_scale_data (dropped at the end), or an existing one only read."""

    def __init__(self, name: str, shape: dict, *, existing: str = ""):
        self.shape, self.existing = shape, existing
        base = os.environ.get("DATABASE_URL", "sqlite:///db.sqlite3")
        if existing:
            self.url = existing
        elif base.startswith("postgres"):
            self.url = f"{base.rsplit('/', 1)[0]}/peyman_bench_{name}_{os.getpid()}"
        else:
            self.url = f"sqlite:///{tempfile.gettempdir()}/peyman_bench_{name}_{os.getpid()}.sqlite3"

    def _admin(self, sql: str):
        import psycopg

        server, name = self.url.rsplit("/", 1)
        with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
            admin.execute(sql.format(name=name))

    def _sql(self, sql: str):
        import psycopg

        with psycopg.connect(self.url, autocommit=True) as connection:
            connection.execute(sql)

    def _manage(self, *args):
        env = {**os.environ, "DATABASE_URL": self.url, "DEBUG": "true"}
        child = subprocess.Popen([sys.executable, "manage.py", *args], cwd=ROOT, env=env, stdout=subprocess.DEVNULL)
        try:
            if child.wait():
                raise subprocess.CalledProcessError(child.returncode, args)
        finally:
            if child.poll() is None:  # this run was stopped: stop the command too, before its database goes
                child.terminate()
                child.wait()

    def create(self) -> float:
        if self.existing:
            return 0.0
        started = time.perf_counter()
        if self.url.startswith("postgres"):
            # A migrated database to copy (the smoke run's test database): a fraction of a second
            # where `migrate` costs about 13 s of CPU. Without one, or when the copy is refused
            # (someone is connected to it), an empty database is migrated.
            copied = False
            if TEMPLATE_DATABASE:
                try:
                    self._admin(f'CREATE DATABASE "{{name}}" TEMPLATE "{TEMPLATE_DATABASE}"')
                    copied = True
                except Exception as error:  # psycopg's errors: the copy is only a shortcut
                    print(f"could not copy {TEMPLATE_DATABASE} ({error}); migrating a new database", file=sys.stderr)
            if not copied:
                self._admin('CREATE DATABASE "{name}"')
                self._manage("migrate", "-v0")
        else:
            self._manage("migrate", "-v0")
        self._manage(
            "generate_scale_data",
            "--agreements",
            str(self.shape["agreements"]),
            "--entries",
            str(self.shape["entries"]),
            "--seed",
            "1",
        )
        if self.url.startswith("postgres"):
            self._sql("ANALYZE")  # straight to the server: `manage.py dbshell` would start Django for one line
        return time.perf_counter() - started

    def drop(self):
        if self.existing:
            return
        if self.url.startswith("postgres"):
            self._admin('DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        else:
            for suffix in ("", "-journal", "-wal", "-shm"):
                Path(self.url.removeprefix("sqlite:///") + suffix).unlink(missing_ok=True)


class Worker:
    def __init__(self, database: Database):
        env = {**os.environ, "DATABASE_URL": database.url, "DEBUG": "true"}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "tests.benchmarks.pages_scale", "--worker"],
            cwd=ROOT,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        self.described = self._read()

    def _read(self) -> dict:
        line = self.process.stdout.readline()
        if not line:
            raise RuntimeError(f"the worker stopped (exit status {self.process.wait()})")
        return json.loads(line)

    def ask(self, **command) -> dict:
        self.process.stdin.write(json.dumps(command) + "\n")
        self.process.stdin.flush()
        return self._read()

    def stop(self):
        self.process.stdin.close()
        self.process.wait(timeout=60)


def _median(samples: list[dict], key: str, index: int) -> float:
    return statistics.median(sample[key][index] for sample in samples)


def _figures(samples: list[dict]) -> dict:
    wall, cpu = _median(samples, "page", 0), _median(samples, "page", 1)
    base_wall, base_cpu = _median(samples, "sign_in", 0), _median(samples, "sign_in", 1)
    return {"wall": wall, "cpu": cpu, "wall_x": wall / base_wall, "cpu_x": cpu / base_cpu if base_cpu else float("nan")}


def measure(workers: dict[str, Worker], repeats: int) -> dict[str, dict]:
    """For each page, `repeats` rounds alternating the workers (which one goes first alternates too)."""
    labels = workers["small"].described["labels"]
    # BENCHMARK_PAGES=portfolio,changed: only the pages whose label contains one of these words.
    wanted = [word for word in os.environ.get("BENCHMARK_PAGES", "").split(",") if word]
    results = {}
    for label in labels:
        if wanted and not any(word in label for word in wanted):
            continue
        # The busiest commitment may differ: the same position in the list is the same page.
        names = {name: worker.described["labels"][labels.index(label)] for name, worker in workers.items()}
        queries = {name: worker.ask(page=names[name], count=True)["queries"] for name, worker in workers.items()}
        samples = {name: [] for name in workers}
        order = list(workers)
        for _round in range(repeats):
            for name in order:
                samples[name].append(workers[name].ask(page=names[name]))
            order.reverse()
        results[label] = {"queries": queries, **{name: _figures(samples[name]) for name in workers}}
    return results


def _load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f} {five:.2f} {fifteen:.2f}"


def report(results: dict[str, dict]) -> None:
    print(
        f"{'page':<34} {'queries':>9} {'wall ms':>15} {'CPU ms':>13} {'wall × sign-in':>15} {'CPU × sign-in':>14}"
        f" {'big/small wall':>15} {'CPU':>5}"
    )
    print(f"{'':<34} {'small→big':>9} {'small / big':>15} {'small / big':>13} {'small / big':>15} {'small / big':>14}")
    for label, r in results.items():
        s, b, q = r["small"], r["big"], r["queries"]
        print(
            f"{label:<34} {q['small']:>4}→{q['big']:<4} {s['wall']:>7.1f}/{b['wall']:<7.1f}"
            f" {s['cpu']:>6.1f}/{b['cpu']:<6.1f}"
            f" {s['wall_x']:>7.1f}/{b['wall_x']:<7.1f} {s['cpu_x']:>6.1f}/{b['cpu_x']:<7.1f}"
            f" {b['wall'] / s['wall']:>15.2f} {b['cpu'] / s['cpu'] if s['cpu'] else float('nan'):>5.2f}"
        )


def main():
    existing = os.environ.get("BENCHMARK_SCALE_DATABASE_URL", "") if not TINY else ""
    databases = {"small": Database("small", SMALL), "big": Database("big", BIG, existing=existing)}
    workers = {}
    try:
        for name, database in databases.items():
            seconds = database.create()
            if seconds:
                print(f"made the {name} database in {seconds:.0f} s")
        workers = {name: Worker(database) for name, database in databases.items()}
        import django

        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
        django.setup()
        from django.db import connection

        print(
            f"Pages at scale on {connection.vendor}, Python {sys.version.split()[0]}, {os.cpu_count()} CPU(s), "
            f"load average {_load()} before; median of {REQUESTS} requests each, alternating the databases"
        )
        for name, worker in workers.items():
            d = worker.described
            print(
                f"  {name}: {d['entries']:,} entries over {d['agreements']} agreement(s); "
                f"{REFERENCE} has {d['agreement_entries']:,}"
            )
        results = measure(workers, REQUESTS)
        report(results)
        print(f"load average {_load()} after")
    finally:
        for worker in workers.values():
            worker.stop()
        for database in databases.values():
            database.drop()


if __name__ == "__main__":
    if "--worker" in sys.argv:
        worker()
    else:
        main()
