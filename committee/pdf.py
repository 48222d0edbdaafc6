"""The minutes as a PDF (صورتجلسه), through the same WeasyPrint path as the quarterly report."""

from dataclasses import dataclass, field

from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from agreement.formatting import person_name
from agreement.history_user import record_history_user
from agreement.pdf import html_to_pdf
from agreement.pdf.issued import printed_verify_link, store_issued_pdf
from agreement.pdf.seal import SealBox, SealIdentity, SealKey, identity_of, key_for, seal_pdf
from committee.models import IssuedMinutes, Meeting, Minutes

TEMPLATE = "committee/minutes_pdf.html"


class NotIssuable(Exception):
    """Only the current version, approved by every party, is issued, once per language."""


@dataclass(frozen=True)
class Stamp:
    draft: bool = True
    document_number: str = ""
    verification_code: str = ""
    issued_at: object = None
    issued_by: str = ""
    # Each party's electronic seal as its column shows it, by party id (empty on a draft).
    seals: dict = field(default_factory=dict)


def _context(minutes: Minutes, stamp: Stamp) -> dict:
    meeting = Meeting.objects.with_everything().get(pk=minutes.meeting_id)
    meeting.agreement = minutes.meeting.agreement
    parties = [s.party for s in meeting.agreement.signatories.all()]
    approvals = {a.party_id: a for a in minutes.approvals.select_related("approved_by", "party")}
    return {
        "meeting": meeting,
        "agreement": meeting.agreement,
        "minutes": minutes,
        "decisions": list(meeting.decisions.all()),
        "signatures": [(party, approvals.get(party.pk), stamp.seals.get(party.pk)) for party in parties],
        "stamp": stamp,
    }


def render_minutes_html(minutes: Minutes, language: str, stamp: Stamp) -> str:
    with translation.override(language):
        context = _context(minutes, stamp)
        context["rtl"] = translation.get_language_bidi()
        context["language"] = language
        context["verify_link"] = printed_verify_link()
        return render_to_string(TEMPLATE, context)


def render_minutes_pdf(minutes: Minutes, language: str, stamp: Stamp | None = None) -> bytes:
    return html_to_pdf(render_minutes_html(minutes, language, stamp or Stamp()))


def _identity(key: SealKey | None) -> SealIdentity | None:
    return identity_of(key) if key is not None else None


@transaction.atomic
def issue_minutes(*, minutes: Minutes, language: str, issued_by) -> IssuedMinutes:
    """Render, hash and store the approved minutes in one language; a second issue is refused."""
    meeting = Meeting.objects.select_for_update().get(pk=minutes.meeting_id)
    minutes = Minutes.objects.prefetch_related("approvals__party").get(pk=minutes.pk)
    minutes.meeting = meeting
    meeting.agreement = meeting.agreement  # loaded once, reused by the template
    if (
        minutes.is_superseded
        or not minutes.is_approved_by_all()
        or IssuedMinutes.objects.filter(minutes=minutes, language=language).exists()
    ):
        raise NotIssuable
    now = timezone.now()
    issued = IssuedMinutes(
        minutes=minutes,
        language=language,
        document_number=IssuedMinutes.number_for(minutes, language),
        issued_by=issued_by,
        issued_at=now,
    )
    # Each party seals in the order it approved: the first seal certifies the document and allows
    # only the later approval seals (and validation data); each is an incremental update.
    approvals = sorted(minutes.approvals.all(), key=lambda a: (a.approved_at, a.pk))
    keys = {a.party_id: key_for(a.party.code) for a in approvals}
    stamp = Stamp(
        draft=False,
        document_number=issued.document_number,
        verification_code=issued.verification_code,
        issued_at=now,
        issued_by=person_name(issued_by),
        seals={
            a.party_id: SealBox(identity=_identity(keys[a.party_id]), at=a.approved_at, code=issued.verification_code)
            for a in approvals
        },
    )
    pdf = render_minutes_pdf(minutes, language, stamp)
    sealed = 0
    for approval in approvals:
        key = keys[approval.party_id]
        if key is not None:
            pdf = seal_pdf(pdf, key, field_name=f"Seal-{approval.party.code}", certify=sealed == 0)
            sealed += 1
    record_history_user(issued, issued_by)
    store_issued_pdf(issued, pdf)
    return issued
