"""Demo progress for the Qazvin agreement: a few believable entries per commitment, some reviewed."""

import datetime as dt
import random
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from agreement.models import Agreement
from devdata.people import AGREEMENT_REFERENCE, RELIEF, RURAL
from obligations.models import ProgressEntry, Review, Status
from obligations.services import record_progress, review_entry

VILLAGES = ["اسماعیل‌آباد", "کوندج", "زرشک", "شهرک", "نیارک", "قلعه‌بالا", "خوزنین", "سیردان"]
NARRATIVES = [
    "جلسه هماهنگی با دهیاران بخش برگزار شد و فهرست خانواده‌های نیازمند به‌روز شد.",
    "بسته‌های حمایتی میان خانواده‌های تحت حمایت توزیع شد.",
    "گزارش پیشرفت کار به کمیته مشترک ارائه شد.",
    "بازدید میدانی از روستا انجام شد و نیازها ثبت شد.",
    "مکاتبه با فرمانداری برای تأمین اعتبار انجام شد.",
]
STATUS_PATH = [Status.IN_PROGRESS, Status.IN_PROGRESS, Status.AT_RISK, Status.IN_PROGRESS, Status.COMPLETED]


def backdate_logging(entry: ProgressEntry, logged_at: dt.datetime) -> None:
    """Make a demo entry look logged at `logged_at`, and recount what depends on when it was logged
    (the oldest awaiting entry of its quarter, whether it counts as recent) in the same transaction."""
    with transaction.atomic():
        ProgressEntry.objects.filter(pk=entry.pk).update(created_at=logged_at)
        entry.created_at = logged_at
        entry.commitment.refresh_progress()


@transaction.atomic
def create_demo_progress(*, today: dt.date | None = None, seed: int = 1397) -> int:
    """Entries over the last 18 months; does nothing if the agreement already has entries."""
    agreement = Agreement.objects.get(reference=AGREEMENT_REFERENCE)
    if ProgressEntry.objects.filter(commitment__agreement=agreement).exists():
        return 0
    rng = random.Random(seed)
    User = get_user_model()
    staff = {RELIEF: User.objects.get(username="relief-staff"), RURAL: User.objects.get(username="rural-staff")}
    monitor = User.objects.get(username="relief-monitor")
    counties = list(agreement.counties.all())
    today = today or timezone.localdate()
    made = 0
    for commitment in agreement.commitments.select_related("owner").order_by("position"):
        if commitment.number in ("B13", "A3"):
            continue  # left untouched on purpose: the dashboard should show idle commitments
        author = staff[commitment.owner.code] if commitment.owner else staff[rng.choice([RELIEF, RURAL])]
        steps = rng.randint(1, 4)
        day = today - dt.timedelta(days=rng.randint(380, 540))
        percent = 0
        for step in range(steps):
            day = min(today, day + dt.timedelta(days=rng.randint(40, 140)))
            percent = min(100, percent + rng.randint(10, 35))
            status = STATUS_PATH[min(step, len(STATUS_PATH) - 1)] if percent < 100 else Status.COMPLETED
            quantity = (
                Decimal(rng.randint(3, 40)) if commitment.has_indicator or commitment.indicator_baseline else None
            )
            entry, _ = record_progress(
                commitment=commitment,
                author=author,
                happened_on=day,
                reported_status=status,
                percent_complete=percent,
                quantity=quantity,
                narrative=rng.choice(NARRATIVES),
                county=rng.choice(counties),
                village=rng.choice(VILLAGES),
            )
            backdate_logging(
                entry, timezone.make_aware(dt.datetime.combine(day + dt.timedelta(days=1), dt.time(10, 30)))
            )
            made += 1
            if step < steps - 1 or rng.random() < 0.5:
                decision = Review.Decision.RETURNED if rng.random() < 0.15 else Review.Decision.ACCEPTED
                comment = "لطفاً مستندات تکمیلی پیوست شود." if decision == Review.Decision.RETURNED else ""
                review_entry(
                    entry=entry, reviewer=monitor, decision=decision, comment=comment, expected_version=entry.version
                )
    return made
