"""Benchmark: what tagging (PDF/A-3a) costs against the untagged PDF/A-3b, on the same HTML.

Run:  DEBUG=true .venv/bin/python -m tests.benchmarks.report_tagging

In a throwaway database, the report benchmark's generated agreement (60 commitments, 1,000 entries
in the quarter) is rendered to HTML once per language; then the same HTML and attachments are
written as PDF/A-3b and as PDF/A-3a, alternately, so that both see the same load. It prints the
medians of wall clock and CPU time for each, their ratio, pages and sizes, and the load average
before and after.
"""

import io
import logging
import os
import statistics
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DEBUG", "true")

import django  # noqa: E402

django.setup()

from django.utils import timezone  # noqa: E402

from agreement.jalali import Quarter  # noqa: E402
from tests.benchmarks.harness import machine, size, throwaway_database  # noqa: E402
from tests.benchmarks.report_pdf import generated_agreement  # noqa: E402

REPEATS = size(5, 1)
VARIANTS = {"untagged (pdf/a-3b)": "pdf/a-3b", "tagged (pdf/a-3a)": "pdf/a-3a"}


def build(html: str, attachments, variant: str) -> tuple[bytes, float, float]:
    from agreement.pdf import html_to_pdf

    wall, cpu = time.perf_counter(), time.process_time()
    pdf = html_to_pdf(html, attachments=attachments, variant=variant)
    return pdf, time.perf_counter() - wall, time.process_time() - cpu


def measure(agreement, period: Quarter, language: str) -> None:
    from pypdf import PdfReader

    from reports.attachments import entry_files
    from reports.render import Stamp, render_html
    from reports.snapshot import build_snapshot

    snapshot = build_snapshot(agreement, period, language)
    html, attachments = render_html(snapshot, Stamp(draft=True)), entry_files(snapshot)
    times = {label: [] for label in VARIANTS}
    sizes = {}
    for _ in range(REPEATS):
        for label, variant in VARIANTS.items():
            pdf, wall, cpu = build(html, attachments, variant)
            times[label].append((wall, cpu))
            sizes[label] = len(pdf)
    pages = len(PdfReader(io.BytesIO(pdf)).pages)
    medians = {label: [statistics.median(t[i] for t in runs) for i in (0, 1)] for label, runs in times.items()}
    print(f"{language}, {pages} pages, median of {REPEATS}:")
    for label, (wall, cpu) in medians.items():
        print(f"  {label:<20} {wall:6.2f} s wall {cpu:6.2f} s CPU  {sizes[label] / 1024:6.0f} KB")
    (untagged_wall, untagged_cpu), (tagged_wall, tagged_cpu) = medians.values()
    print(
        f"  tagged ÷ untagged: {tagged_wall / untagged_wall:4.2f} wall, {tagged_cpu / untagged_cpu:4.2f} CPU; "
        f"{machine()}",
        flush=True,
    )


def main() -> None:
    logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)
    import weasyprint  # noqa: F401  (imported before timing: a cold process pays ~1 s for it once)

    with throwaway_database():
        period = Quarter.containing(timezone.localdate()).previous()
        print(f"Report of {period} (draft) on {machine()}", flush=True)
        agreement = generated_agreement(period, commitments=size(60, 4), entries=size(1000, 20))
        for language in ("fa", "en"):
            measure(agreement, period, language)


if __name__ == "__main__":
    main()
