"""Writes that touch several models at once: each runs in one transaction and leaves history."""

import datetime as dt
import uuid
from collections.abc import Sequence
from decimal import Decimal

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from agreement.history_user import record_history_user
from agreement.models import Agreement
from notifications.models import Kind
from notifications.services import agreement_members, notify, site_path
from obligations.evidence import EvidenceUpload, sha256_of
from obligations.models import Commitment, EntryPart, Evidence, ProgressEntry, Review


class ConflictError(Exception):
    """Someone else changed the entry first; nothing was written."""


class EvidenceNotStored(Exception):
    """The storage refused a file (full, read-only, unreachable); the whole submission is rolled back."""


class EntryInIssuedReport(Exception):
    """The entry is part of an issued report, a permanent document; `str(error)` is its number."""


# Checks that say whether an entry is part of an issued report: (entry) -> the report's number or
# None. The reports app, above this one, registers its own at start-up (reports.apps).
ISSUED_REPORT_CHECKS: list = []


class EntryRefused(Exception):
    """The commitment takes no entries today (withdrawn by an amendment, its agreement expired);
    `str(error)` says why, in the reader's language."""


# Checks that say why a commitment takes no entries on a day: (commitment, day) -> a reason or
# None. The apps above this one that know why (amendments, terms) register theirs at start-up.
ENTRY_REFUSALS: list = []


def entry_refusal(commitment: Commitment, day: dt.date | None = None) -> str | None:
    """Why no entry may be written on this commitment today, or None."""
    day = day or timezone.localdate()
    return next((reason for check in ENTRY_REFUSALS if (reason := check(commitment, day))), None)


class WorkDateRefused(EntryRefused):
    """The commitment takes entries, but none dated on this day of work (its quarter is locked);
    another date may be. `str(error)` says why, in the reader's language."""


# Checks that say why no entry may be dated on a day of work: (commitment, happened_on) -> a reason
# or None. Monitoring, above this app, registers the quarter lock (monitoring.apps): an entry dated in
# a quarter whose report was issued is refused, on every write path (the log form, its edit, the
# device queue's endpoint), since all of them write through record_progress or update_entry.
WORK_DATE_REFUSALS: list = []


def work_date_refusal(commitment: Commitment, happened_on: dt.date) -> str | None:
    """Why no entry on this commitment may be dated `happened_on`, or None."""
    return next((reason for check in WORK_DATE_REFUSALS if (reason := check(commitment, happened_on))), None)


def _refuse_if_closed(commitment: Commitment, happened_on: dt.date | None = None) -> None:
    if reason := entry_refusal(commitment):
        raise EntryRefused(reason)
    if happened_on is not None and (reason := work_date_refusal(commitment, happened_on)):
        raise WorkDateRefused(reason)


def issued_report_holding(entry: ProgressEntry) -> str | None:
    """The number of the issued report an accepted entry is part of, if any: such an entry is
    corrected by a new entry (which the next report shows), never withdrawn."""
    if entry.review_state != ProgressEntry.ReviewState.ACCEPTED:
        return None
    return next((number for check in ISSUED_REPORT_CHECKS if (number := check(entry))), None)


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
    evidence: Sequence[EvidenceUpload] = (),
    field_truth: dict | None = None,
) -> tuple[ProgressEntry, bool]:
    """Create an entry with its evidence and move the commitment's status; returns (entry, created).

    A submission key seen before returns the entry it created, so a resent form is harmless.
    Refused (EntryRefused) on a commitment that takes no entries today, and (WorkDateRefused) for a
    date of the work that a registered check refuses (a locked quarter); nothing is written then.
    `field_truth` is what a device's queue adds (fieldlog): device_recorded_at, device_clock_offset,
    latitude, longitude, location_accuracy.
    """
    _refuse_if_closed(commitment, happened_on)
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
        **(field_truth or {}),
    )
    if submission_key is not None:
        entry.submission_key = submission_key
    record_history_user(entry, author)
    try:
        with transaction.atomic():
            entry.save()
    except IntegrityError:
        # The key was seen before (a resent form, or two copies racing): that entry is the answer.
        # The unique index finds it, so a first submission pays no look-up of its own.
        if submission_key is None:  # no form key: another constraint refused the entry
            raise
        existing = ProgressEntry.objects.filter(submission_key=submission_key).first()
        if existing is None:
            raise
        return existing, False
    commitment.apply_entry_change(None, EntryPart.of(entry), by=author)
    attach_evidence(entry=entry, uploads=evidence, uploaded_by=author, new_entry=True)
    return entry, True


def attach_evidence(
    *, entry: ProgressEntry, uploads: Sequence[EvidenceUpload], uploaded_by, new_entry: bool = False
) -> list[Evidence]:
    """Store checked uploads under random names with their SHA-256; part of the caller's transaction.

    Files already written are removed again if a later one fails, so a refused submission leaves
    nothing behind on disk either. A file the entry holds already (the same SHA-256, whatever its
    name), or one chosen twice in one submission, is stored and listed once.
    """
    stored = []
    # A new entry holds nothing yet: its files are only compared with each other, with no query.
    held = (
        set()
        if new_entry or not uploads
        else set(Evidence.objects.filter(entry=entry).values_list("sha256", flat=True))
    )
    try:
        for upload in uploads:
            digest = sha256_of(upload.file)
            if digest in held:
                continue
            held.add(digest)
            evidence = Evidence(
                entry=entry,
                original_name=upload.name,
                size=upload.size,
                content_type=upload.content_type,
                sha256=digest,
                uploaded_by=uploaded_by,
                uploaded_at=timezone.now(),
            )
            record_history_user(evidence, uploaded_by)
            try:
                evidence.file.save(upload.name, upload.file, save=False)
            except Exception as error:  # noqa: BLE001 - any storage backend's failure means the same
                raise EvidenceNotStored(f"{type(error).__name__}: {error}") from error
            stored.append(evidence)
            evidence.save()
    except Exception:
        for evidence in stored:
            evidence.file.storage.delete(evidence.file.name)
        raise
    _queue_thumbnails(stored)
    return stored


@transaction.atomic
def add_evidence(*, entry: ProgressEntry, uploads: Sequence[EvidenceUpload], uploaded_by) -> list[Evidence]:
    """More files on an entry already saved (a device's queue sends them one by one after the
    entry): under the entry's row lock, within the file limit, raising its version so that its
    kept timeline card is drawn again."""
    locked = ProgressEntry.objects.select_for_update().get(pk=entry.pk)
    if locked.is_withdrawn or locked.evidence.count() + len(uploads) > settings.PEYMAN_EVIDENCE_MAX_FILES:
        raise ConflictError
    before = EntryPart.of(locked)
    stored = attach_evidence(entry=locked, uploads=uploads, uploaded_by=uploaded_by)
    record_history_user(locked, uploaded_by)
    locked.bump()
    _entry_changed(locked, before, by=uploaded_by)  # no figure moves, but the kept page parts' key does
    return stored


def _queue_thumbnails(stored: Sequence[Evidence]) -> None:
    """Photos and scans get a thumbnail from a background job; with the database job backend the
    jobs commit (or roll back) with the entry."""
    from obligations.tasks import make_evidence_thumbnail

    for evidence in stored:
        if evidence.is_image:
            make_evidence_thumbnail.enqueue(evidence.pk)


@transaction.atomic
def update_entry(
    *, entry: ProgressEntry, expected_version: int, evidence: Sequence[EvidenceUpload] = (), **changes
) -> ProgressEntry:
    """The author's edit of an entry not yet accepted; marked edited and kept in the history.

    New evidence is added to what the entry has (evidence is never removed: it was submitted).
    A new date of the work meets the same checks as a new entry's (WorkDateRefused); an edit that
    keeps its date is not refused for it, so an entry sent back can still be corrected.
    """
    locked = ProgressEntry.objects.select_for_update().get(pk=entry.pk)
    if locked.version != expected_version or not locked.is_editable:
        raise ConflictError
    new_date = changes.get("happened_on")
    _refuse_if_closed(locked.commitment, new_date if new_date not in (None, locked.happened_on) else None)
    if evidence and locked.evidence.count() + len(evidence) > settings.PEYMAN_EVIDENCE_MAX_FILES:
        raise ConflictError
    before = EntryPart.of(locked)
    for field, value in changes.items():
        setattr(locked, field, value)
    locked.edited_at = timezone.now()
    record_history_user(locked, locked.author)
    resubmitted = locked.review_state == ProgressEntry.ReviewState.RETURNED
    if resubmitted:
        locked.review_state = ProgressEntry.ReviewState.SUBMITTED
    locked.bump(*changes, "edited_at", "review_state")
    if resubmitted:
        Review.objects.create(entry=locked, actor=locked.author, decision=Review.Decision.RESUBMITTED)
    _entry_changed(locked, before, by=locked.author)
    attach_evidence(entry=locked, uploads=evidence, uploaded_by=locked.author)
    return locked


def _entry_changed(locked: ProgressEntry, before: EntryPart, *, by) -> None:
    """The commitment's figures follow the entry's change; the entry then holds the commitment as
    written, so nothing loads it again (the lock already reads the row)."""
    commitment = Commitment(pk=locked.commitment_id)
    locked.commitment = commitment.apply_entry_change(before, EntryPart.of(locked), by=by)


@transaction.atomic
def withdraw_entry(*, entry: ProgressEntry, reason: str, expected_version: int) -> ProgressEntry:
    locked = ProgressEntry.objects.select_for_update().get(pk=entry.pk)
    if locked.version != expected_version or locked.is_withdrawn:
        raise ConflictError
    before = EntryPart.of(locked)
    # The agreement's row first, as every writer of its figures does: a report being issued holds
    # it, so the check below sees that report once it is stored.
    Agreement.objects.figures_changed(locked.commitment.agreement_id)
    if number := issued_report_holding(locked):
        raise EntryInIssuedReport(number)
    record_history_user(locked, locked.author)
    locked.withdrawn_at = timezone.now()
    locked.withdrawn_reason = reason
    locked.bump("withdrawn_at", "withdrawn_reason")
    _entry_changed(locked, before, by=locked.author)
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
    before = EntryPart.of(locked)
    record_history_user(locked, reviewer)
    locked.review_state = decision
    locked.reviewed_by = reviewer
    locked.reviewed_at = timezone.now()
    locked.review_comment = comment
    locked.bump("review_state", "reviewed_by", "reviewed_at", "review_comment")
    review = Review.objects.create(entry=locked, actor=reviewer, decision=decision, comment=comment)
    _entry_changed(locked, before, by=reviewer)
    if decision == Review.Decision.RETURNED:
        _tell_author_of_return(locked, review)
    return locked


def _tell_author_of_return(entry: ProgressEntry, review: Review) -> None:
    """The author hears of a return in their inbox (and by e-mail), in the same transaction."""
    commitment = entry.commitment
    agreement = commitment.agreement
    path = site_path("commitment_detail", agreement.reference, commitment.number, query=f"#entry-{entry.pk}")
    notify(
        # Only while the author still belongs to the agreement: someone who moved on hears nothing.
        recipients=agreement_members(agreement).filter(pk=entry.author_id).values_list("pk", flat=True),
        kind=Kind.ENTRY_RETURNED,
        event_key=f"entry_returned:{review.pk}",
        agreement=agreement,
        params={
            "number": commitment.number,
            "entry": entry.pk,
            "comment": review.comment[:500],
            # What the e-mail names beside the number: the commitment's words and the day of the work.
            "text_fa": commitment.text_fa[:300],
            "text_en": commitment.text_en[:300],
            "happened_on": entry.happened_on.isoformat(),
        },
        path=path,
    )
