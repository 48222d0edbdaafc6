"""Benchmark: time and peak memory to build the quarterly PDF report.

Run:  DEBUG=true .venv/bin/python -m tests.benchmarks.report_pdf

Builds, in a throwaway test database, (1) the Qazvin agreement with the demo people, demo
progress and an evaluation of every commitment, and (2) a generated agreement of 60 commitments
with 1,000 entries in the quarter, then prints for each: pages, PDF size, the first build in
this process and the median of the next ones (wall clock, and CPU time, which a busy machine
disturbs less), and the peak resident memory while building.
"""

import datetime as dt
import io
import logging
import os
import random
import resource
import statistics
import threading
import time
from decimal import Decimal

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DEBUG", "true")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.utils import timezone  # noqa: E402

from agreement.jalali import Quarter  # noqa: E402
from agreement.models import Agreement, County, Membership, Party, Signatory  # noqa: E402
from monitoring.models import Evaluation, Rating  # noqa: E402
from obligations.models import Commitment, Evidence, ProgressEntry  # noqa: E402
from tests.benchmarks.harness import TINY, machine, size, throwaway_database  # noqa: E402

REPEATS = size(3, 1)
ASSESSMENTS = [
    "پیشرفت در شهرستان‌های هدف مطابق برنامه است؛ مستندات کامل ارائه شده است.",
    "فعالیت‌ها آغاز شده ولی گزارش مالی و فهرست خانواده‌ها هنوز ارسال نشده است.",
    "کار در این سه‌ماهه متوقف بوده و نیاز به پیگیری کمیته مشترک دارد.",
]


def rss_mb() -> float:
    with open("/proc/self/statm") as handle:
        pages = int(handle.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


class PeakMemory:
    """Samples the resident set every 5 ms while a build runs (WeasyPrint's memory is mostly C)."""

    def __enter__(self):
        self.peak = rss_mb()
        self._running = True
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()
        return self

    def _sample(self):
        while self._running:
            self.peak = max(self.peak, rss_mb())
            time.sleep(0.005)

    def __exit__(self, *exc):
        self._running = False
        self._thread.join()


def evaluate_everything(agreement, period: Quarter, monitor, seed=1) -> None:
    rng = random.Random(seed)
    for quarter in (period.previous(), period):
        Evaluation.objects.bulk_create(
            Evaluation(
                commitment=commitment,
                year=quarter.year,
                quarter=quarter.number,
                rating=rng.choice(Rating.values),
                assessment=rng.choice(ASSESSMENTS),
                evaluated_by=monitor,
            )
            for commitment in agreement.commitments.all()
        )


def demo_agreement(period: Quarter):
    call_command("load_agreement", "fixtures/qazvin_1397.json", verbosity=0)
    call_command("seed_demo_people", verbosity=0, stdout=io.StringIO())
    call_command("seed_demo_progress", verbosity=0, stdout=io.StringIO())
    agreement = Agreement.objects.get(reference="qazvin-ikrc-rural-1397")
    evaluate_everything(agreement, period, get_user_model().objects.get(username="relief-monitor"))
    return agreement


def generated_agreement(period: Quarter, *, commitments=60, entries=1000, seed=60):
    """60 commitments (25 + 25 + 10 joint), 1,000 entries inside the quarter in every review state."""
    rng = random.Random(seed)
    User = get_user_model()
    a = Party.objects.create(code="bench-a", name_fa="سازمان نمونه الف", name_en="Sample agency A")
    b = Party.objects.create(code="bench-b", name_fa="سازمان نمونه ب", name_en="Sample agency B")
    agreement = Agreement.objects.create(
        reference="bench-60",
        title_fa="تفاهم‌نامه نمونه برای سنجش سرعت گزارش",
        title_en="Sample agreement for the report benchmark",
        signed_on=dt.date(2020, 1, 1),
        status=Agreement.Status.IN_FORCE,
    )
    for label, party, monitoring in (("A", a, True), ("B", b, False)):
        Signatory.objects.create(
            agreement=agreement,
            party=party,
            label=label,
            signatory_name_fa="امضاکننده",
            signatory_name_en="Signatory",
            signatory_title_fa="مدیرکل",
            signatory_title_en="Director-General",
            is_monitoring_party=monitoring,
        )
    counties = [
        County.objects.create(agreement=agreement, code=f"c{i}", name_fa=f"شهرستان {i}", name_en=f"County {i}")
        for i in range(6)
    ]
    staff = {}
    for party in (a, b):
        staff[party.pk] = User.objects.create_user(username=f"bench-staff-{party.code}", password=None)
        Membership.objects.create(user=staff[party.pk], party=party, role=Membership.Role.STAFF)
    monitor = User.objects.create_user(username="bench-monitor", password=None)
    Membership.objects.create(user=monitor, party=a, role=Membership.Role.MONITOR)
    owners = [a] * 25 + [b] * 25 + [None] * 10
    made = Commitment.objects.bulk_create(
        Commitment(
            agreement=agreement,
            owner=owner,
            number=f"{'A' if owner == a else 'B' if owner == b else 'J'}{index + 1}",
            position=index,
            text_fa="همکاری در اجرای طرح‌های اشتغال و توانمندسازی خانواده‌های روستایی تحت حمایت " * 2,
            text_en="Cooperate in employment and empowerment schemes for supported rural families " * 2,
            indicator_target=Decimal(100) if index % 3 == 0 else None,
            indicator_unit_fa="خانوار",
            indicator_unit_en="households",
            due_on=period.last_day - dt.timedelta(days=rng.randint(-200, 400)),
        )
        for index, owner in enumerate(owners[:commitments])
    )
    days = (period.last_day - period.first_day).days
    states = [ProgressEntry.ReviewState.ACCEPTED] * 8 + [
        ProgressEntry.ReviewState.SUBMITTED,
        ProgressEntry.ReviewState.RETURNED,
    ]
    rows = []
    for index in range(entries):
        commitment = made[index % len(made)]
        state = rng.choice(states)
        author = staff[(commitment.owner or a).pk]
        rows.append(
            ProgressEntry(
                commitment=commitment,
                author=author,
                party=commitment.owner or a,
                happened_on=period.first_day + dt.timedelta(days=rng.randint(0, days)),
                reported_status=rng.choice(["in_progress", "in_progress", "at_risk", "completed"]),
                percent_complete=rng.randint(5, 100),
                quantity=Decimal(rng.randint(1, 9)),
                narrative="بازدید میدانی از روستا انجام شد، نیازها ثبت شد و بسته‌های حمایتی توزیع شد.",
                county=rng.choice(counties),
                village="کوندج",
                review_state=state,
                reviewed_by=None if state == ProgressEntry.ReviewState.SUBMITTED else monitor,
                reviewed_at=None if state == ProgressEntry.ReviewState.SUBMITTED else timezone.now(),
                review_comment="لطفاً مستندات تکمیلی پیوست شود." if state == ProgressEntry.ReviewState.RETURNED else "",
            )
        )
    ProgressEntry.objects.bulk_create(rows)
    Evidence.objects.bulk_create(
        Evidence(
            entry=entry,
            file=f"evidence/bench/{entry.pk}",
            original_name=f"عکس-بازدید-{entry.pk}.jpg",
            size=rng.randint(50_000, 3_000_000),
            content_type="image/jpeg",
            sha256="0" * 64,
            uploaded_by=entry.author,
            uploaded_at=timezone.now(),
        )
        for entry in ProgressEntry.objects.filter(commitment__agreement=agreement)[:300]
    )
    evaluate_everything(agreement, period, monitor)
    return agreement


def measure(label: str, agreement, period: Quarter, language: str, repeats: int = REPEATS) -> None:
    """The app's whole build (snapshot, HTML, PDF) against WeasyPrint alone on the same HTML, interleaved."""
    from pypdf import PdfReader
    from weasyprint import HTML

    from agreement.pdf import PDF_VARIANT
    from agreement.pdf.fetcher import StaticFilesFetcher
    from agreement.pdf.static import BASE_URL
    from reports.issue import draft_pdf
    from reports.render import Stamp, render_html
    from reports.snapshot import build_snapshot

    html = render_html(build_snapshot(agreement, period, language), Stamp(draft=True))
    app, alone, peaks = [], [], []
    for _ in range(repeats):
        with PeakMemory() as memory:
            started, started_cpu = time.perf_counter(), time.process_time()
            pdf = draft_pdf(agreement, period, language)
            app.append((time.perf_counter() - started, time.process_time() - started_cpu))
        peaks.append(memory.peak)
        started, started_cpu = time.perf_counter(), time.process_time()
        HTML(string=html, base_url=BASE_URL, url_fetcher=StaticFilesFetcher()).write_pdf(pdf_variant=PDF_VARIANT)
        alone.append((time.perf_counter() - started, time.process_time() - started_cpu))
    pages = len(PdfReader(io.BytesIO(pdf)).pages)
    wall, cpu = (statistics.median(t[i] for t in app) for i in (0, 1))
    alone_wall, alone_cpu = (statistics.median(t[i] for t in alone) for i in (0, 1))
    print(
        f"{label:<44} {language}  {pages:>3} pages  {len(pdf) / 1024:>6.0f} KB  "
        f"{wall:6.2f} s wall, {cpu:6.2f} s CPU; WeasyPrint alone {alone_wall:6.2f} s wall, {alone_cpu:6.2f} s CPU "
        f"(app ÷ alone: {cpu / alone_cpu:4.2f} CPU)  peak RSS {max(peaks):4.0f} MB",
        flush=True,
    )


def main() -> None:
    logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)
    import weasyprint  # noqa: F401  (imported before timing: a cold process pays ~1 s for it once)

    with throwaway_database():
        today = timezone.localdate()
        period = Quarter.containing(today).previous()
        print(f"Report for {period} on {machine()}; RSS before: {rss_mb():.0f} MB", flush=True)
        demo = demo_agreement(period)
        # A smoke run builds each agreement in one language, the demo in Persian and the generated
        # one in English: both agreements and both languages, each code path once.
        for language in ("fa", "en") if not TINY else ("fa",):
            measure("Qazvin agreement, demo data", demo, period, language)
        big = generated_agreement(period, entries=size(1000, 40))
        for language in ("fa", "en") if not TINY else ("en",):
            measure(
                f"60 commitments, {size(1000, 40):,} entries in the quarter", big, period, language, repeats=size(2, 1)
            )
        print(f"Max RSS of the whole process: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main()
