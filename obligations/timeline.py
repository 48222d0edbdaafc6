"""The commitment page's timeline: entries newest first, each with what the reader may do."""

from agreement import permissions
from obligations.models import ProgressEntry, Status


def timeline_for(user, commitment, entries: list[ProgressEntry]) -> list[ProgressEntry]:
    """Mark each entry with the status it moved from and the reader's permitted actions.

    `entries` are newest first. The status change is measured against the previous entry that
    counted (withdrawn and returned entries never moved the commitment).
    """
    previous_status = Status.NOT_STARTED
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
    return entries
