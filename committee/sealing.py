"""The minutes' PDF, issued at the first approval and sealed by each party as it approves.

At the first approval of a version (committee.services.approve_minutes) one IssuedMinutes per
language is stored, without a file, marked "sealing", and a job is queued. The job (`run`) lays
the document out as it stands at that approval (the text and the decisions can no longer change:
`Minutes.is_locked`, `Meeting.is_editable`), applies the first party's seal as a certification
signature that allows only later approval signatures and form filling, and each later party's
approval seal as an incremental update, in the order the parties approved.

Why a job, and no lock across the network: a seal asks the timestamp authority and the
revocation services over HTTP. Inside the approval's transaction that call would hold the
meeting's row lock (every write to the meeting waits on it) for as long as the authority takes to
answer, and an authority that is down would refuse the approval itself. The job reads the file
and signs with no lock held; it then takes the document's row lock only to store the result,
and only if the file is still the one it started from (else it starts again from the newer one).
When the authority does not answer, the approval stands, the document says "sealing…", the
error and the number of tries are kept on the row (admin, `manage.py seal_pending --list`) and the
job runs again later (1, 2, 4… minutes, at most an hour apart) until it succeeds.
"""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from agreement.formatting import person_name
from agreement.history_user import record_history_user
from agreement.pdf import sealing as shared
from agreement.pdf.seal import SealBox, identity_of, key_for, seal_pdf
from agreement.pdf.sealing import Failed, retry_delay
from committee.models import IssuedMinutes, Minutes
from committee.pdf import Stamp, render_minutes_pdf

Sealing = IssuedMinutes.Sealing
__all__ = ["Failed", "on_approval", "pending", "queue_pending", "retry_delay", "run"]


def _task():
    from committee.tasks import seal_minutes  # committee.tasks imports this module

    return seal_minutes


def _queue(issued_pk: int) -> None:
    shared.queue(_task(), issued_pk)


def on_approval(*, minutes: Minutes, approval, by) -> list[IssuedMinutes]:
    """Inside the approval's transaction (the meeting's row locked): the first approval issues the
    version in each language; a later one marks its documents as sealing. Nothing is rendered or
    signed here."""
    now = timezone.now()
    documents = list(IssuedMinutes.objects.select_for_update().filter(minutes=minutes))
    if not documents:
        for language in IssuedMinutes.Language.values:
            document = IssuedMinutes(
                minutes=minutes,
                language=language,
                document_number=IssuedMinutes.number_for(minutes, language),
                issued_by=by,
                issued_at=approval.approved_at,
                sealing=Sealing.PENDING,
                sealing_since=now,
            )
            record_history_user(document, by)
            document.save()
            documents.append(document)
    else:
        for document in documents:
            if document.sealing != Sealing.PENDING:
                document.sealing, document.sealing_since = Sealing.PENDING, now
                record_history_user(document, by)
                document.save(update_fields=["sealing", "sealing_since"])
    for document in documents:
        _queue(document.pk)
    return documents


def _approvals(minutes: Minutes) -> list:
    return sorted(minutes.approvals.select_related("party", "approved_by"), key=lambda a: (a.approved_at, a.pk))


def _first_layout(document: IssuedMinutes, approvals: list) -> bytes:
    """The document as issued at the first approval: that approval and its seal box, every other
    party's column saying its approval seal follows (or that it has no key and will not seal)."""
    minutes, first = document.minutes, approvals[0]
    parties = [s.party for s in minutes.meeting.agreement.signatories.all()]
    seals = {}
    for party in parties:
        key = key_for(party.code)
        if party.pk == first.party_id:
            identity = identity_of(key) if key is not None else None
            seals[party.pk] = SealBox(identity=identity, at=first.approved_at, code=document.verification_code)
        else:
            seals[party.pk] = SealBox(identity=None, at=None, code=document.verification_code, follows=key is not None)
    stamp = Stamp(
        draft=False,
        document_number=document.document_number,
        verification_code=document.verification_code,
        issued_at=document.issued_at,
        issued_by=person_name(document.issued_by),
        seals=seals,
        shown_approvals=frozenset([first.party_id]),
    )
    return render_minutes_pdf(minutes, document.language, stamp)


def run(issued_pk: int) -> str:
    """Bring the document's seals up to date with its version's approvals; the job of
    `committee.tasks.seal_minutes`. Safe to run twice at once: the second to store starts again."""
    for _attempt in range(5):
        document = (
            IssuedMinutes.objects.select_related("minutes__meeting__agreement", "issued_by")
            .filter(pk=issued_pk)
            .first()
        )
        if document is None or document.sealing != Sealing.PENDING:
            return "nothing to seal"
        approvals = _approvals(document.minutes)
        try:
            outcome = _seal(document, approvals)
        except Failed as error:
            _record_failure(document, error.__cause__ or error)
            return "will retry"
        if outcome is not None:
            return outcome
    return "moved on"


def _seal(document: IssuedMinutes, approvals: list) -> str | None:
    if document.is_laid_out:
        with document.pdf.open("rb") as handle:
            pdf = handle.read()
    else:
        pdf = _first_layout(document, approvals)
    seals = document.seals
    for approval in approvals[document.approvals_sealed :]:
        key = key_for(approval.party.code)
        if key is None:
            continue  # this party does not seal; its column says so
        try:
            pdf = seal_pdf(pdf, key, field_name=f"Seal-{approval.party.code}", certify=seals == 0)
        except Exception as error:  # the network, the authority, the token: all worth another try
            raise Failed(str(error)) from error
        seals += 1
    return _store(document, pdf, approvals=len(approvals), seals=seals)


def _store(document: IssuedMinutes, pdf: bytes, *, approvals: int, seals: int) -> str | None:
    """Store the new file if the row is still as the job read it; None: it moved on, start again."""
    with transaction.atomic():
        row = IssuedMinutes.objects.select_for_update().get(pk=document.pk)
        if (row.sha256, row.approvals_sealed) != (document.sha256, document.approvals_sealed):
            return None
        row.approvals_sealed, row.seals = approvals, seals
        row.sealing_tries, row.sealing_error = 0, ""
        # An approval recorded while this job signed leaves the row sealing (its own job follows).
        if row.minutes.approvals.count() == approvals:
            row.sealing, row.sealing_since = Sealing.DONE, None
        shared.store_sealed(row, pdf, row.pdf.name)
    return "sealed" if row.sealing == Sealing.DONE else "sealed, more to come"


def _record_failure(document: IssuedMinutes, error: BaseException) -> None:
    shared.record_failure(IssuedMinutes, document.pk, error, _task())


def pending(*, older_than: dt.timedelta = dt.timedelta(0)):
    """Documents still sealing (for the operators: the admin, `manage.py seal_pending`)."""
    return shared.pending(IssuedMinutes, older_than=older_than)


def queue_pending() -> int:
    """Queue a job for every document still sealing (after an outage, or where no retry is deferred)."""
    return shared.queue_pending(IssuedMinutes, _task())
