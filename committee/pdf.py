"""The minutes as a PDF (صورتجلسه), through the same WeasyPrint path as the quarterly report."""

from dataclasses import dataclass, field

from django.template.loader import render_to_string
from django.utils import translation

from agreement.pdf import html_to_pdf
from agreement.pdf.issued import printed_verify_link
from committee.models import IssuedMinutes, Meeting, Minutes

TEMPLATE = "committee/minutes_pdf.html"


@dataclass(frozen=True)
class Stamp:
    draft: bool = True
    document_number: str = ""
    verification_code: str = ""
    issued_at: object = None
    issued_by: str = ""
    # Each party's electronic seal as its column shows it, by party id (empty on a draft).
    seals: dict = field(default_factory=dict)
    # The approvals the page shows, by party id (None: all of them, as on a draft). An issued
    # document is laid out at the first approval and shows that one only: later approvals are
    # seals added to the file, never a new layout.
    shown_approvals: frozenset | None = None


def _context(minutes: Minutes, stamp: Stamp) -> dict:
    meeting = Meeting.objects.with_everything().get(pk=minutes.meeting_id)
    meeting.agreement = minutes.meeting.agreement
    parties = [s.party for s in meeting.agreement.signatories.all()]
    approvals = {
        a.party_id: a
        for a in minutes.approvals.select_related("approved_by", "party")
        if stamp.shown_approvals is None or a.party_id in stamp.shown_approvals
    }
    return {
        "meeting": meeting,
        "agreement": meeting.agreement,
        "minutes": minutes,
        "decisions": list(meeting.decisions.all()),
        "signatures": [(party, approvals.get(party.pk), stamp.seals.get(party.pk)) for party in parties],
        "stamp": stamp,
        # A correction is a document of its own that names the one it replaces (same language).
        "replaces_number": IssuedMinutes.number_for(minutes.replaces, translation.get_language())
        if minutes.replaces_id
        else "",
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
