"""Demo evaluations: the monitor's ratings of the last two finished quarters, from the demo entries."""

from django.contrib.auth import get_user_model
from django.db.models import Max
from django.utils import timezone

from agreement.jalali import Quarter
from agreement.models import Agreement
from devdata.people import AGREEMENT_REFERENCE
from monitoring.evaluations import quarter_entries, save_evaluation, version_stamp
from monitoring.models import Evaluation, Rating

ASSESSMENTS: dict[str, str] = {
    Rating.NOT_STARTED: "در این فصل اقدامی مستند نشده است.",
    Rating.WEAK: "اقدامات محدود بوده و با تعهد فاصله زیادی دارد.",
    Rating.PARTLY_MET: "بخشی از تعهد با مستندات پذیرفته‌شده انجام شده است.",
    Rating.LARGELY_MET: "بیشتر تعهد انجام شده و مستندات آن پذیرفته شده است.",
    Rating.FULLY_MET: "تعهد در این فصل به‌طور کامل و با مستندات کافی انجام شده است.",
}


def _rating_for(percent: int | None) -> str:
    if percent is None:
        return Rating.NOT_STARTED
    if percent >= 90:
        return Rating.FULLY_MET
    if percent >= 60:
        return Rating.LARGELY_MET
    if percent >= 30:
        return Rating.PARTLY_MET
    return Rating.WEAK


def create_demo_evaluations(*, today=None) -> int:
    """Rate every commitment for the two quarters before today's; once (skips if any exist)."""
    agreement = Agreement.objects.get(reference=AGREEMENT_REFERENCE)
    if Evaluation.objects.filter(commitment__agreement=agreement).exists():
        return 0
    monitor = get_user_model().objects.get(username="relief-monitor")
    latest = Quarter.containing(today or timezone.localdate()).previous()
    made = 0
    for period in (latest.previous(), latest):
        for commitment in agreement.commitments.order_by("position"):
            best = quarter_entries(commitment, period).counted().aggregate(top=Max("percent_complete"))["top"]
            rating = _rating_for(best)
            save_evaluation(
                commitment=commitment,
                period=period,
                rating=rating,
                assessment=ASSESSMENTS[rating],
                evaluator=monitor,
                seen_stamp=version_stamp(None),
            )
            made += 1
    return made
