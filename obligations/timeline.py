"""The commitment page's timeline: entries newest first, each with what the reader may do."""

from django.db.models import Q

from agreement import permissions
from obligations.models import ProgressEntry, Status

TIMELINE_ORDER = ("-happened_on", "-created_at", "-pk")


def _status_before(commitment, oldest: ProgressEntry) -> str:
    """The status the commitment had just before `oldest`: that of the counted entry before it.

    A page of the timeline starts mid-way; this one query keeps its first status change right.
    """
    day, logged = oldest.happened_on, oldest.created_at
    earlier = (
        Q(happened_on__lt=day)
        | Q(happened_on=day, created_at__lt=logged)
        | Q(happened_on=day, created_at=logged, pk__lt=oldest.pk)
    )
    statuses = commitment.entries.counted().filter(earlier).order_by(*TIMELINE_ORDER)
    return statuses.values_list("reported_status", flat=True).first() or Status.NOT_STARTED


def timeline_for(user, commitment, entries: list[ProgressEntry]) -> list[ProgressEntry]:
    """Mark each entry with the status it moved from and the reader's permitted actions.

    `entries` are newest first (one page of them). The status change is measured against the
    previous entry that counted (withdrawn and returned entries never moved the commitment).
    """
    previous_status = _status_before(commitment, entries[-1]) if entries else Status.NOT_STARTED
    for entry in reversed(entries):
        entry.commitment = commitment
        entry.previous_status = previous_status
        entry.changes_status = entry.reported_status != previous_status
        if not entry.is_withdrawn and entry.review_state != ProgressEntry.ReviewState.RETURNED:
            previous_status = entry.reported_status
    labels = dict(Status.choices)
    for entry in entries:
        entry.previous_status_label = labels[entry.previous_status]
        entry.can_edit = permissions.can_edit_entry(user, entry)
        entry.can_withdraw = permissions.can_withdraw_entry(user, entry)
        entry.can_review = permissions.can_review_entry(user, entry) and not entry.is_withdrawn
        entry.return_reviews = [review for review in entry.reviews.all() if review.decision == "returned"]
        entry.card_key = card_key(entry)
    return entries


def card_key(entry: ProgressEntry) -> str:
    """What an entry's rendered card depends on, for the fragment kept in the cache: every change
    to the entry (an edit, a review, a withdrawal, more files) raises its version; the line above
    it depends on the entries before it, the buttons on the reader, the pictures on the thumbnail
    job. The language is added by the template."""
    thumbnails = ",".join(str(evidence.pk) for evidence in entry.evidence.all() if evidence.preview)
    actions = "".join("1" if allowed else "0" for allowed in (entry.can_edit, entry.can_withdraw, entry.can_review))
    unit = entry.commitment.indicator_unit  # beside a quantity; edited in the admin
    return f"{entry.pk}.{entry.version}.{entry.previous_status}.{actions}.{thumbnails}.{unit}"
