"""The digests that `manage.py send_reminders` queues: daily for monitors, weekly for focal points.

The figures are computed once per agreement (monitors) or per party (focal points) and shared by
everyone who gets that digest, so the cost per person is constant: one notification row and a
share of a batched e-mail job. Each digest is a notification whose key names the kind, the
agreement and the period, so a second run in the same day or week sends nothing.
"""

import datetime as dt

from django.contrib.auth import get_user_model
from django.db.models import Count, Exists, Min, OuterRef, Q
from django.utils import timezone

from agreement.models import Agreement, Membership
from amendments.services import apply_due_amendments
from notifications.models import Kind
from notifications.services import notify, site_path
from obligations.models import Commitment, ProgressEntry, Review, Status

DUE_SOON_DAYS = 30
Role = Membership.Role

# Further daily steps of `send_reminders`, each (name, function(today=) -> count). The apps above
# this one register theirs at start-up, in the order of INSTALLED_APPS (deadline ladders, then terms).
DAILY_STEPS: list = []


def run_daily_steps(*, today: dt.date | None = None) -> list[tuple[str, int]]:
    """Amendments taking effect first (a due date they move changes the ladders), then the registered steps."""
    today = today or timezone.localdate()
    return [("amendments applied", apply_due_amendments(today=today))] + [
        (name, step(today=today)) for name, step in DAILY_STEPS
    ]


def _current_agreements():
    return Agreement.objects.exclude(
        status__in=[Agreement.Status.EXPIRED, Agreement.Status.TERMINATED, Agreement.Status.DISCARDED]
    ).prefetch_related("signatories__party")


def _people(party_id, role):
    return get_user_model().objects.filter(is_active=True, membership__party_id=party_id, membership__role=role)


def week_start(day: dt.date) -> dt.date:
    """The Saturday that starts the Iranian week holding `day`."""
    return day - dt.timedelta(days=(day.weekday() - 5) % 7)


def send_monitor_digests(*, now=None) -> int:
    """Each monitor of each agreement with entries awaiting review: what is new, resubmitted, oldest."""
    now = now or timezone.now()
    since = now - dt.timedelta(days=1)
    period = timezone.localdate(now).isoformat()
    created = 0
    for agreement in _current_agreements():
        monitoring = agreement.monitoring_party
        if monitoring is None:
            continue
        returned_before = Exists(Review.objects.filter(entry=OuterRef("pk"), decision=Review.Decision.RETURNED))
        figures = (
            ProgressEntry.objects.awaiting_review()
            .filter(commitment__agreement=agreement)
            .annotate(resubmission=returned_before)
            .aggregate(
                waiting=Count("pk"),
                new=Count("pk", filter=Q(created_at__gte=since, resubmission=False)),
                resubmitted=Count("pk", filter=Q(edited_at__gte=since, resubmission=True)),
                oldest=Min("created_at"),
            )
        )
        if not figures["waiting"]:
            continue
        created += len(
            notify(
                recipients=_people(monitoring.pk, Role.MONITOR).values_list("pk", flat=True),
                kind=Kind.MONITOR_DIGEST,
                event_key=f"{Kind.MONITOR_DIGEST}:{agreement.pk}:{period}",
                agreement=agreement,
                params={
                    "waiting": figures["waiting"],
                    "new": figures["new"],
                    "resubmitted": figures["resubmitted"],
                    "oldest_days": (now - figures["oldest"]).days,
                    "period": period,
                },
                path=site_path("review_queue", agreement.reference),
            )
        )
    return created


def send_focal_digests(*, now=None) -> int:
    """Each focal point: their party's overdue and stale commitments, and those due within 30 days."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    period = week_start(today).isoformat()
    created = 0
    for agreement in _current_agreements():
        for signatory in agreement.signatories.all():
            party = signatory.party
            owed = Commitment.objects.filter(agreement=agreement).owed_by(party)
            figures = {
                "overdue": owed.overdue(today).count(),
                "stale": owed.stale(now).count(),
                "due_soon": owed.filter(due_on__gte=today, due_on__lte=today + dt.timedelta(days=DUE_SOON_DAYS))
                .exclude(status=Status.COMPLETED)
                .count(),
            }
            # The joint committee's decisions for this party (its own and joint ones): each is
            # followed up through a commitment row of its own kind, which obligations knows.
            decisions = Commitment.all_kinds.filter(agreement=agreement, kind=Commitment.Kind.DECISION).owed_by(party)
            figures["decisions_open"] = decisions.exclude(status=Status.COMPLETED).count()
            figures["decisions_overdue"] = decisions.overdue(today).count()
            if not any(figures.values()):
                continue
            created += len(
                notify(
                    recipients=_people(party.pk, Role.FOCAL_POINT).values_list("pk", flat=True),
                    kind=Kind.FOCAL_DIGEST,
                    event_key=f"{Kind.FOCAL_DIGEST}:{agreement.pk}:{party.pk}:{period}",
                    agreement=agreement,
                    params={**figures, "period": period},
                    path=site_path("commitment_list", agreement.reference, query=f"?owner={party.code}"),
                )
            )
    return created
