"""Issued minutes carry each party's seal, in the order the parties approved: the first a
certification signature that allows later approval signatures, the second an approval signature,
each an incremental update. The throwaway PKI: tests/seal_pki.py."""

import io

import pytest
from pypdf import PdfReader

from agreement.pdf.seal import seals_in
from committee.pdf import issue_minutes
from committee.services import approve_minutes, write_minutes
from tests.reports.conftest import needs_poppler, pdf_text, squash
from tests.seal_pki import pdfsig, pdfsig_trusts_every_signer

pytestmark = needs_poppler


@pytest.fixture
def approved_minutes(held_meeting, relief_member, rural_member, relief, rural):
    minutes = write_minutes(meeting=held_meeting, text="جلسه با حضور نمایندگان دو دستگاه برگزار شد.", by=relief_member)
    # The rural party approves first: its seal certifies, the monitoring party's follows.
    approve_minutes(minutes=minutes, party=rural, by=rural_member)
    approve_minutes(minutes=minutes, party=relief, by=relief_member)
    return minutes


def _stored(issued) -> bytes:
    with issued.pdf.open("rb") as handle:
        return handle.read()


def test_minutes_carry_both_seals_and_the_first_reports_only_the_allowed_approval(
    sealing, approved_minutes, relief_member, nss_with_root, tmp_path
):
    issued = issue_minutes(minutes=approved_minutes, language="fa", issued_by=relief_member)
    pdf = _stored(issued)
    assert pdf[:8] == b"%PDF-1.7"
    first, second = seals_in(pdf)
    assert (first.field, first.kind) == ("Seal-rural-affairs-qazvin", "certification")
    assert (second.field, second.kind) == ("Seal-ikrc-qazvin", "approval")
    assert first.valid and second.valid and first.ltv and second.ltv
    # After the certification only what it allows: the second seal and validation data.
    assert (first.modified_after, first.changes_allowed) == ("FORM_FILLING", True)
    assert second.modified_after == "LTA_UPDATES"
    text = squash(pdf_text(pdf))
    assert squash("مهر الکترونیکی") in text and squash("Rural Affairs Qazvin seal") in text
    assert squash("Relief Committee Qazvin seal") in text
    root = PdfReader(io.BytesIO(pdf)).trailer["/Root"]
    assert b'pdfaid:part="3"' in root["/Metadata"].get_object().get_data()
    assert root["/MarkInfo"]["/Marked"] and "/StructTreeRoot" in root
    out = pdfsig(nss_with_root, pdf, tmp_path)
    assert out.count("Signature is Valid.") == 2, out
    assert pdfsig_trusts_every_signer(nss_with_root, pdf, tmp_path), out


def test_a_party_without_a_key_leaves_its_column_saying_not_sealed(sealing, settings, approved_minutes, relief_member):
    settings.PEYMAN_SEAL_KEYS = {"ikrc-qazvin": settings.PEYMAN_SEAL_KEYS["ikrc-qazvin"]}
    issued = issue_minutes(minutes=approved_minutes, language="en", issued_by=relief_member)
    pdf = _stored(issued)
    [only] = seals_in(pdf)
    assert (only.field, only.kind) == ("Seal-ikrc-qazvin", "certification")
    text = squash(pdf_text(pdf))
    assert squash("Not sealed electronically") in text and squash("Electronic seal of") in text
