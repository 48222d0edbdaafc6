"""Benchmark: a report of any size. Pages, bytes and build time of a quarter with 1,000 and 5,000 entries.

Run:  DEBUG=true .venv/bin/python -m tests.benchmarks.report_scale

In a throwaway database, the report benchmark's generated agreement (60 commitments, entries inside
the quarter in every review state: 80 % accepted, 10 % awaiting review, 10 % returned) is built at
each size in turn and rolled back; the draft PDF (Persian) is built once per size and read back:
pages, size, the embedded CSV and XLSX and their rows, wall clock and CPU time, peak memory.
The body is bounded (docs/scale.md): the pages should not grow with the entries once the appendix
is full (APPENDIX_LIMIT rows).
"""

import csv
import io
import logging
import os
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DEBUG", "true")

import django  # noqa: E402

django.setup()

from django.db import transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from agreement.jalali import Quarter  # noqa: E402
from tests.benchmarks.harness import TINY, machine, throwaway_database  # noqa: E402
from tests.benchmarks.report_pdf import PeakMemory, generated_agreement  # noqa: E402


def measure(period: Quarter, entries: int) -> None:
    from pypdf import PdfReader

    from reports.issue import draft_pdf

    with transaction.atomic():
        agreement = generated_agreement(period, entries=entries)
        with PeakMemory() as memory:
            started, started_cpu = time.perf_counter(), time.process_time()
            pdf = draft_pdf(agreement, period, "fa")
            wall, cpu = time.perf_counter() - started, time.process_time() - started_cpu
        if os.environ.get("BENCHMARK_PDF_DIR"):  # to look at the pages
            with open(os.path.join(os.environ["BENCHMARK_PDF_DIR"], f"report-{entries}.pdf"), "wb") as handle:
                handle.write(pdf)
        reader = PdfReader(io.BytesIO(pdf))
        files = {name: content[0] for name, content in reader.attachments.items()}
        csv_name = next(name for name in files if name.endswith(".csv"))
        rows = len(list(csv.reader(io.StringIO(files[csv_name].decode("utf-8-sig"))))) - 1
        sizes = ", ".join(f"{name.rsplit('.', 1)[1]} {len(content) / 1024:.0f} KB" for name, content in files.items())
        print(
            f"{entries:>6,} entries in the quarter: {len(reader.pages):>3} pages, {len(pdf) / 2**20:5.2f} MB "
            f"(attached: {sizes}; {rows:,} rows), {wall:5.1f} s wall, {cpu:5.1f} s CPU, "
            f"peak RSS {memory.peak:4.0f} MB",
            flush=True,
        )
        assert rows == entries, (rows, entries)
        transaction.set_rollback(True)


def main() -> None:
    logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)
    import weasyprint  # noqa: F401  (imported before timing: a cold process pays ~1 s for it once)

    with throwaway_database():
        period = Quarter.containing(timezone.localdate()).previous()
        print(f"Report of {period} (fa, draft) on {machine()}", flush=True)
        # A smoke run builds one size: the second takes the same code path with more rows.
        for entries in (1000, 5000) if not TINY else (60,):
            measure(period, entries)


if __name__ == "__main__":
    main()
