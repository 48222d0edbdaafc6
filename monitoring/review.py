"""The review queue and decisions on several entries at once."""

from django.db.models import Prefetch

from agreement import permissions
from agreement.history_diff import FieldChange, field_changes
from obligations.models import Evidence, ProgressEntry, Review
from obligations.services import ConflictError, review_entry


def awaiting_review_in(agreement):
    """Entries of the agreement awaiting review, oldest first, with all a queue row shows.

    Evidence and earlier decisions come in two prefetches, so a page costs the same
    number of queries for one entry or fifty.
    """
    return (
        ProgressEntry.objects.awaiting_review()
        .filter(commitment__agreement=agreement)
        .select_related("commitment__owner", "party", "author", "county")
        .prefetch_related(
            Prefetch("evidence", queryset=Evidence.objects.select_related("thumbnail").order_by("uploaded_at", "pk")),
            Prefetch("reviews", queryset=Review.objects.select_related("actor").order_by("created_at", "pk")),
        )
        .order_by("created_at", "pk")
    )


def review_many(*, agreement, reviewer, decision: str, comment: str, versions: dict[int, int | None]):
    """Decide on each selected entry in its own transaction; returns (decided, skipped) entries.

    An entry someone else decided on (or changed) since the monitor loaded the queue is skipped,
    never overwritten; so is one the reviewer may not decide on, such as their own.
    """
    entries = ProgressEntry.objects.filter(commitment__agreement=agreement, pk__in=versions).select_related(
        "commitment"
    )
    found = {entry.pk: entry for entry in entries}
    decided, skipped = [], []
    for pk, version in versions.items():
        entry = found.get(pk)
        if entry is None or version is None:
            skipped.append(pk)
            continue
        entry.commitment.agreement = agreement
        if not permissions.can_review_entry(reviewer, entry):
            skipped.append(entry)
            continue
        try:
            reviewed = review_entry(
                entry=entry, reviewer=reviewer, decision=decision, comment=comment, expected_version=version
            )
            decided.append(reviewed)
        except ConflictError:
            skipped.append(entry)
    return decided, skipped


# What an author may change in an entry, as the monitor wants to see it after a resubmission.
TRACKED_FIELDS = ("happened_on", "reported_status", "percent_complete", "quantity", "narrative", "village")


def entry_changes(entry) -> list[dict]:
    """Each saved version of the entry, oldest first, with the fields the author changed in it."""
    records = list(entry.history.select_related("history_user").order_by("history_date", "history_id"))
    changes, previous = [], None
    for record in records:
        fields: list[FieldChange] = []
        if previous is not None:
            fields = field_changes(record, previous, TRACKED_FIELDS)
        changes.append({"record": record, "first": previous is None, "fields": fields})
        previous = record
    return changes


def files_since_return(entry, reviews: list, evidence: list) -> dict | None:
    """For an entry that was returned: the evidence files added and removed since the latest return,
    told apart by SHA-256 (the same file uploaded again under another name is neither). From the
    evidence's history, so a file removed after the return is still named. None if never returned."""
    returns = [review for review in reviews if review.decision == Review.Decision.RETURNED]
    if not returns:
        return None
    returned_at = returns[-1].created_at
    at_return: dict[str, object] = {}
    for record in Evidence.history.filter(entry_id=entry.pk, history_date__lte=returned_at).order_by(
        "history_date", "history_id"
    ):
        if record.history_type == "-":
            at_return.pop(record.sha256, None)
        else:
            at_return[record.sha256] = record
    now = {item.sha256: item for item in evidence}
    return {
        "returned_at": returned_at,
        "added": [item for sha, item in now.items() if sha not in at_return],
        "removed": [record for sha, record in at_return.items() if sha not in now],
    }
