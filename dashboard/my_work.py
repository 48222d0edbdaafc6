"""What each person should do next in one agreement: the "my work" page's questions, one per role.

Every list is capped and counted separately, so the page costs the same for ten entries or ten
thousand. Issued reports come from the person's own notifications (dashboard does not import the
reports app, which sits above it).
"""

import datetime as dt

from django.db.models import Exists, F, OuterRef, Q
from django.utils import timezone

from agreement.jalali import Quarter
from agreement.models import Membership
from committee.models import Decision
from monitoring.models import Evaluation, QuarterLock
from notifications.models import Kind, Notification
from obligations.models import Commitment, ProgressEntry, Review

LIMIT = 10
Role = Membership.Role
ReviewState = ProgressEntry.ReviewState


def _capped(queryset) -> dict:
    items = list(queryset[: LIMIT + 1])
    return {"items": items[:LIMIT], "more": len(items) > LIMIT}


def party_work(*, user, agreement, party, role, now) -> dict:
    """Staff and focal points: returned entries, their own entries awaiting review, the party's overdue and stale."""
    entries = ProgressEntry.objects.filter(commitment__agreement=agreement, withdrawn_at__isnull=True).select_related(
        "commitment", "author"
    )
    returned = entries.filter(review_state=ReviewState.RETURNED)
    # A focal point answers for the whole party's returned entries; staff for their own.
    returned = returned.filter(party=party) if role == Role.FOCAL_POINT else returned.filter(author=user)
    attention = (
        Commitment.objects.filter(agreement=agreement)
        .owed_by(party)
        .with_flags(now)
        .filter(Q(is_overdue=True) | Q(is_stale=True))
        .order_by("position", "number")
    )
    # The joint committee's open decisions this party follows up (its own and joint ones), soonest due first.
    decisions = (
        Decision.objects.of(agreement)
        .open()
        .filter(Q(commitment__owner=party) | Q(commitment__owner__isnull=True))
        .select_related("commitment", "meeting")
        .order_by(F("commitment__due_on").asc(nulls_last=True), "pk")
    )
    return {
        "decisions": _capped(decisions),
        "today": timezone.localdate(now),
        "returned": _capped(returned.order_by("-reviewed_at", "-pk")),
        "awaiting_mine": _capped(
            entries.filter(author=user, review_state=ReviewState.SUBMITTED).order_by("created_at", "pk")
        ),
        "attention": _capped(attention),
        "focal": role == Role.FOCAL_POINT,
    }


def monitor_work(*, agreement, now) -> dict:
    """Monitors: the review queue oldest first with its age, unevaluated commitments, the next report."""
    today = timezone.localdate(now)
    queue = (
        ProgressEntry.objects.awaiting_review()
        .filter(commitment__agreement=agreement)
        .select_related("commitment", "party")
        .order_by("created_at", "pk")
    )
    waiting = _capped(queue)
    for entry in waiting["items"]:
        entry.waited_days = (now - entry.created_at).days
    current = Quarter.containing(today)
    evaluated = Evaluation.objects.filter(commitment=OuterRef("pk"), year=current.year, quarter=current.number)
    unevaluated = (
        Commitment.objects.filter(agreement=agreement)
        .alias(evaluated=Exists(evaluated))
        .filter(evaluated=False)
        .order_by("position", "number")
    )
    last = current.previous()
    return {
        "queue": waiting,
        "queue_count": queue.count(),
        "current_quarter": current,
        "current_quarter_label": current.label,
        "unevaluated": _capped(unevaluated.values_list("number", flat=True)),
        "unevaluated_count": unevaluated.count(),
        "report_quarter": last,
        "report_quarter_label": last.label,
        "report_issued": QuarterLock.is_locked(agreement, last),
    }


def committee_work(*, user, agreement, since: dt.datetime) -> dict:
    """Committee members: what changed since their last visit, and the reports issued."""
    entries = ProgressEntry.objects.filter(commitment__agreement=agreement)
    decisions = Review.objects.filter(entry__commitment__agreement=agreement, created_at__gte=since)
    return {
        "since": since,
        "logged": entries.filter(created_at__gte=since).count(),
        "accepted": decisions.filter(decision=Review.Decision.ACCEPTED).count(),
        "returned": decisions.filter(decision=Review.Decision.RETURNED).count(),
        "evaluated": Evaluation.objects.filter(commitment__agreement=agreement, evaluated_at__gte=since).count(),
        "latest": _capped(
            entries.filter(created_at__gte=since, withdrawn_at__isnull=True)
            .select_related("commitment", "party")
            .order_by("-created_at", "-pk")
        ),
        "reports": _capped(
            Notification.objects.filter(recipient=user, agreement=agreement, kind=Kind.REPORT_ISSUED).order_by(
                "-created_at"
            )
        ),
    }
