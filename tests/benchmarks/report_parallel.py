"""Benchmark: a report laid out in parallel processes against the same report in one process.

Run:  DEBUG=true .venv/bin/python -m tests.benchmarks.report_parallel

In a throwaway database, the report benchmark's generated agreement (60 commitments, 1,000 entries
in the quarter) and the Qazvin demo agreement are built as drafts, each size in turn, alternating
a single-process build (`processes=1`) and a parallel one (`processes=2`, what the report job uses
on this machine) of the same snapshot, so that both see the same load. It prints the blocks and how
they were shared, the pages, the median wall clock and CPU time of each (the parallel build's CPU
is its own plus its children's), the ratio of wall clocks and the load average; and checks that
both builds have the same text.
"""

import io
import logging
import os
import resource
import statistics
import subprocess
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DEBUG", "true")

import django  # noqa: E402

django.setup()

from django.db import transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from agreement.jalali import Quarter  # noqa: E402
from tests.benchmarks.harness import TINY, machine, size, throwaway_database  # noqa: E402
from tests.benchmarks.report_pdf import demo_agreement, generated_agreement  # noqa: E402

REPEATS = size(3, 1)
PROCESSES = 2


class LastParts(logging.Handler):
    """Keeps the figures agreement.pdf.parallel logs for the last parallel build."""

    last = None

    def emit(self, record):
        self.last = getattr(record, "stats", None)


PARTS = LastParts()


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def build(snapshot, processes: int) -> tuple[bytes, float, float]:
    from reports.render import Stamp, render_pdf

    wall, cpu, children = time.perf_counter(), time.process_time(), children_cpu()
    pdf = render_pdf(snapshot, Stamp(draft=True), processes=processes)
    return pdf, time.perf_counter() - wall, time.process_time() - cpu + children_cpu() - children


def text(pdf: bytes) -> str:
    return subprocess.run(["pdftotext", "-enc", "UTF-8", "-", "-"], input=pdf, capture_output=True, check=True).stdout


def measure(label: str, agreement, period: Quarter, language: str) -> None:
    from pypdf import PdfReader

    from reports.render import PARALLEL_FROM_PAGES, blocks_of, split
    from reports.snapshot import build_snapshot

    snapshot = build_snapshot(agreement, period, language)
    blocks = blocks_of(snapshot)
    estimate = sum(b.pages for b in blocks)
    parts = split(blocks, PROCESSES) if estimate >= PARALLEL_FROM_PAGES else [blocks]
    PARTS.last = None
    single, parallel = [], []
    for _ in range(REPEATS):
        one, *single_times = build(snapshot, 1)
        both, *parallel_times = build(snapshot, PROCESSES)
        single.append(single_times)
        parallel.append(parallel_times)
    assert text(one) == text(both), "the parallel build's text differs from the single build's"
    pages = len(PdfReader(io.BytesIO(both)).pages)
    # Below the threshold both builds are single-process; the figures then show two single builds.
    (s_wall, s_cpu), (p_wall, p_cpu) = (
        [statistics.median(t[i] for t in runs) for i in (0, 1)] for runs in (single, parallel)
    )
    stats = PARTS.last or {}
    # On an idle machine the parallel build takes about its longest part plus the parent's share.
    critical = max(stats.get("part_cpu", [0])) + (p_cpu - sum(stats.get("part_cpu", [0])))
    shares = " | ".join("+".join(b.kind for b in part) for part in parts)
    print(
        f"{label}, {language}: {len(snapshot['sections'])} sections, {len(blocks)} blocks (~{estimate:.0f} pages) "
        f"in {len(parts)} part(s) [{shares}], {pages} pages; median of {REPEATS}\n"
        f"  single process:  {s_wall:6.2f} s wall {s_cpu:6.2f} s CPU  {len(one) / 1024:5.0f} KB\n"
        f"  {PROCESSES} processes:     {p_wall:6.2f} s wall {p_cpu:6.2f} s CPU (parent and children)  "
        f"{len(both) / 1024:5.0f} KB\n"
        f"  parts: {stats.get('pages')} pages, {', '.join(f'{c:.2f}' for c in stats.get('part_cpu', []))} s CPU "
        f"each; merge {stats.get('merge_cpu', 0):.2f} s CPU\n"
        f"  parallel ÷ single: {p_wall / s_wall:4.2f} wall, {p_cpu / s_cpu:4.2f} CPU; "
        f"longest part and parent ÷ single CPU: {critical / s_cpu:4.2f}; {machine()}",
        flush=True,
    )


def main() -> None:
    logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)
    parallel_log = logging.getLogger("agreement.pdf.parallel")
    parallel_log.setLevel(logging.DEBUG)
    parallel_log.addHandler(PARTS)
    parallel_log.propagate = False
    import weasyprint  # noqa: F401  (imported before timing: a cold process pays ~1 s for it once)

    with throwaway_database():
        period = Quarter.containing(timezone.localdate()).previous()
        print(f"Report of {period} (draft) on {machine()}", flush=True)
        if not TINY:
            demo = demo_agreement(period)
            for language in ("fa", "en"):
                measure("Qazvin agreement, demo data", demo, period, language)
            # Where it starts to pay: smaller generated quarters, Persian (BENCHMARK_SIZES="2 4 8").
            for commitments in [int(n) for n in os.environ.get("BENCHMARK_SIZES", "2 4 8").split()]:
                with transaction.atomic():
                    small = generated_agreement(period, commitments=commitments, entries=commitments * 10)
                    measure(f"{commitments} commitments, {commitments * 10} entries", small, period, "fa")
                    transaction.set_rollback(True)
        big = generated_agreement(period, commitments=size(60, 12), entries=size(1000, 30))
        for language in ("fa", "en") if not TINY else ("fa",):
            measure(f"{size(60, 12)} commitments, {size(1000, 30):,} entries in the quarter", big, period, language)


if __name__ == "__main__":
    main()
