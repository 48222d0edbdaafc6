"""Writes that touch several models at once: each runs in one transaction and leaves history."""

import datetime as dt
import uuid
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone

from obligations.models import Commitment, ProgressEntry, Review


class ConflictError(Exception):
    """Someone else changed the entry first; nothing was written."""


@transaction.atomic
def record_progress(
    *,
    commitment: Commitment,
    author,
    happened_on: dt.date,
    reported_status: str,
    narrative: str,
    percent_complete: int | None = None,
    quantity: Decimal | None = None,
    county=None,
    village: str = "",
    submission_key: uuid.UUID | None = None,
) -> tuple[ProgressEntry, bool]:
    """Create an entry and move the commitment's status; returns (entry, created).

    A submission key seen before returns the entry it created, so a resent form is harmless.
    """
    if submission_key is not None:
        existing = ProgressEntry.objects.filter(submission_key=submission_key).first()
        if existing is not None:
            return existing, False
    entry = ProgressEntry(
        commitment=commitment,
        author=author,
        party=author.membership.party,
        happened_on=happened_on,
        reported_status=reported_status,
        percent_complete=percent_complete,
        quantity=quantity,
        narrative=narrative,
        county=county,
        village=village,
    )
    if submission_key is not None:
        entry.submission_key = submission_key
    entry._history_user = author
    try:
        with transaction.atomic():
            entry.save()
    except IntegrityError:
        # Two copies of one submission raced; the other one won and is the entry.
        existing = ProgressEntry.objects.filter(submission_key=submission_key).first()
        if existing is None:
            raise
        return existing, False
    commitment.refresh_status()
    return entry, True


@transaction.atomic
def update_entry(*, entry: ProgressEntry, expected_version: int, **changes) -> ProgressEntry:
    """The author's edit of an entry not yet accepted; marked edited and kept in the history."""
    locked = ProgressEntry.objects.select_for_update().get(pk=entry.pk)
    if locked.version != expected_version or not locked.is_editable:
        raise ConflictError
    for field, value in changes.items():
        setattr(locked, field, value)
    locked.edited_at = timezone.now()
    locked._history_user = locked.author
    resubmitted = locked.review_state == ProgressEntry.ReviewState.RETURNED
    if resubmitted:
        locked.review_state = ProgressEntry.ReviewState.SUBMITTED
    locked.bump(*changes, "edited_at", "review_state")
    if resubmitted:
        Review.objects.create(entry=locked, actor=locked.author, decision=Review.Decision.RESUBMITTED)
    locked.commitment.refresh_status()
    return locked


@transaction.atomic
def withdraw_entry(*, entry: ProgressEntry, reason: str, expected_version: int) -> ProgressEntry:
    locked = ProgressEntry.objects.select_for_update().get(pk=entry.pk)
    if locked.version != expected_version or locked.is_withdrawn:
        raise ConflictError
    locked._history_user = locked.author
    locked.withdrawn_at = timezone.now()
    locked.withdrawn_reason = reason
    locked.bump("withdrawn_at", "withdrawn_reason")
    locked.commitment.refresh_status()
    return locked


@transaction.atomic
def review_entry(
    *, entry: ProgressEntry, reviewer, decision: str, comment: str = "", expected_version: int
) -> ProgressEntry:
    """Accept or return an awaiting entry. The row lock makes a second, concurrent reviewer wait
    and then fail the version check, so one decision wins and the other is told."""
    locked = ProgressEntry.objects.select_for_update().get(pk=entry.pk)
    if (
        locked.version != expected_version
        or locked.is_withdrawn
        or locked.review_state != ProgressEntry.ReviewState.SUBMITTED
    ):
        raise ConflictError
    if decision not in (Review.Decision.ACCEPTED, Review.Decision.RETURNED):
        raise ValueError(decision)
    locked._history_user = reviewer
    locked.review_state = decision
    locked.reviewed_by = reviewer
    locked.reviewed_at = timezone.now()
    locked.review_comment = comment
    locked.bump("review_state", "reviewed_by", "reviewed_at", "review_comment")
    Review.objects.create(entry=locked, actor=reviewer, decision=decision, comment=comment)
    locked.commitment.refresh_status()
    return locked
