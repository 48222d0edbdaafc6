"""Benchmark: the preview of a 10,000-row commitments spreadsheet (drafting.importer), CSV and XLSX.

    DEBUG=true .venv/bin/python -m tests.benchmarks.commitment_import     # database from DATABASE_URL
    BENCHMARK_ROWS=20000 DEBUG=true .venv/bin/python -m tests.benchmarks.commitment_import

Works in a throw-away test database: loads the Qazvin agreement, makes a draft between its two
parties, and times reading and checking BENCHMARK_ROWS rows (every row an addition) in UTF-8 CSV,
Windows-1256 CSV and XLSX, with the wall and CPU time and the queries of each; then applies the CSV
once (one transaction) and previews it again ("nothing to change"). The issue's bar: under 10 s for
10,000 rows. A script, not a test: timings depend on the machine.
"""

import os
import time

import django

from tests.benchmarks.harness import machine, migrated_database, size

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
ROWS = size(int(os.environ.get("BENCHMARK_ROWS", "10000")), 50)


def _timed(work):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        wall, cpu = time.perf_counter(), time.process_time()
        result = work()
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    return result, wall, cpu, len(queries)


def main():
    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.utils import translation

    from agreement.models import Party
    from agreement.persian import to_latin_digits
    from drafting.importer import apply_import, preview_file, upload_file
    from tests.drafting.conftest import as_csv, as_xlsx, commitment_rows, make_draft

    translation.activate("fa")
    with migrated_database():
        call_command("load_agreement", "fixtures/qazvin_1397.json", verbosity=0)
        rural, relief = (Party.objects.get(code=code) for code in ("rural-affairs-qazvin", "ikrc-qazvin"))
        draft = make_draft(rural, relief)
        user = get_user_model().objects.create_superuser(username="bench", password="-")
        rows = commitment_rows(ROWS)
        text = as_csv(rows)
        files = {
            "CSV, UTF-8 with BOM": "\ufeff".encode() + text.encode("utf-8"),
            "CSV, Windows-1256": to_latin_digits(text.replace("ی", "ي")).encode("cp1256"),
            "XLSX": as_xlsx(rows),
        }
        print(f"Commitments import preview on {machine()}")
        print(f"rows: {ROWS:,}")
        print(f"{'file':<22} {'size':>10} {'wall':>8} {'CPU':>8} {'queries':>8}  result")
        for name, content in files.items():
            preview, wall, cpu, queries = _timed(lambda content=content: preview_file(draft, content))
            outcome = f"{len(preview.added):,} to add, {len(preview.errors)} errors"
            print(f"{name:<22} {len(content):>9,}B {wall:>7.2f}s {cpu:>7.2f}s {queries:>8}  {outcome}")
        content = files["CSV, UTF-8 with BOM"]
        upload = upload_file(agreement=draft, content=content, filename="bench.csv", user=user)
        applied, wall, cpu, queries = _timed(lambda: apply_import(upload=upload, user=user))
        added = f"{applied.created:,} added"
        print(f"{'apply (one transaction)':<22} {'':>10} {wall:>7.2f}s {cpu:>7.2f}s {queries:>8}  {added}")
        preview, wall, cpu, queries = _timed(lambda: preview_file(draft, content))
        same = "nothing to change" if preview.nothing_to_change else "CHANGES FOUND"
        print(f"{'preview after apply':<22} {'':>10} {wall:>7.2f}s {cpu:>7.2f}s {queries:>8}  {same}")


if __name__ == "__main__":
    main()
