"""What the dashboard, the exports and the quarterly report say about the joint committee.

Kept here, beside the models, so that every page that counts open or overdue decisions counts
them the same way; dashboard and reports import it (never the reverse).
"""

import datetime as dt

from django.db.models import Count, OuterRef, Q, Subquery

from agreement.jalali import local_date
from agreement.persian import to_persian_digits
from committee.models import Decision, Meeting
from obligations.models import Commitment, Status
from obligations.progress import REPORTED, progress_annotations


def decision_counts(agreement, today: dt.date) -> dict:
    """{'total', 'open', 'overdue', 'done'} in one query."""
    done = Q(commitment__status=Status.COMPLETED)
    return Decision.objects.of(agreement).aggregate(
        total=Count("pk"),
        done=Count("pk", filter=done),
        open=Count("pk", filter=~done),
        overdue=Count("pk", filter=~done & Q(commitment__due_on__lt=today)),
    )


def _status_as_of(day: dt.date):
    """The decision's reported status on `day`, by the one progress rule (obligations.progress)."""
    as_of = Commitment.all_kinds.filter(pk=OuterRef("commitment")).annotate(**progress_annotations(REPORTED, as_of=day))
    return Subquery(as_of.values("reported_status")[:1])


def quarter_section(agreement, first_day: dt.date, as_of: dt.date, *, persian: bool) -> dict:
    """The quarterly report's committee section as plain JSON data (labels in the active language).

    Meetings held in the quarter, and every decision taken up to its end with its status then:
    done, open, or open past its due date.
    """
    meetings = (
        Meeting.objects.of(agreement)
        # __date is the date in the app's time zone (Tehran), as people read it.
        .filter(starts_at__date__range=(first_day, as_of))
        .annotate(decision_count=Count("decisions"))
        .order_by("starts_at")
    )
    digits = to_persian_digits if persian else str
    held = [
        {
            "code": digits(m.code),
            "date": local_date(m.starts_at).isoformat(),
            "place": m.place,
            "state": m.get_state_display(),
            "decisions": m.decision_count,
        }
        for m in meetings
    ]
    decisions = (
        Decision.objects.of(agreement)
        .filter(meeting__starts_at__date__lte=as_of)
        .select_related("meeting", "commitment__owner")
        .annotate(status_then=_status_as_of(as_of))
        .order_by("meeting__starts_at", "position")
    )
    labels = dict(Status.choices)
    rows, counts = [], {"total": 0, "done": 0, "open": 0, "overdue": 0}
    for decision in decisions:
        status = decision.status_then or Status.NOT_STARTED
        done = status == Status.COMPLETED
        overdue = not done and decision.due_on is not None and decision.due_on < as_of
        counts["total"] += 1
        counts["done" if done else "open"] += 1
        counts["overdue"] += overdue
        if not done:
            rows.append(
                {
                    "meeting": digits(decision.meeting.code),
                    "row": decision.position,
                    "text": decision.text,
                    "owner": decision.owner.short_name if decision.owner else "",
                    "due_on": decision.due_on.isoformat() if decision.due_on else None,
                    "status": str(labels[status]),
                    "overdue": overdue,
                }
            )
    return {"meetings": held, "counts": counts, "open_decisions": rows}
