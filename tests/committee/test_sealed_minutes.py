"""Issued minutes carry each party's seal, applied when that party approves: the first approval
issues the document with a certification signature that allows later approval signatures, the
second adds an approval signature as an incremental update. Sealing is a job, outside any lock:
a timestamp authority that is down leaves the approval recorded and the document "sealing…"
until it answers again. The throwaway PKI: tests/seal_pki.py."""

import io

import pytest
from django.core.management import call_command
from pypdf import PdfReader

from agreement.pdf.seal import seals_in
from committee.models import IssuedMinutes
from committee.services import StateError, correct_minutes, record_decision, write_minutes
from tests.factories import approve_sealed
from tests.reports.conftest import needs_poppler, pdf_text, squash
from tests.seal_pki import free_port, pdfsig, pdfsig_trusts_every_signer, tsa_process

pytestmark = needs_poppler
R = "qazvin-ikrc-rural-1397"
TEXT = "جلسه با حضور نمایندگان دو دستگاه برگزار شد."


def _stored(issued) -> bytes:
    issued.refresh_from_db()
    with issued.pdf.open("rb") as handle:
        return handle.read()


@pytest.fixture
def minutes(held_meeting, relief_member):
    return write_minutes(meeting=held_meeting, text=TEXT, by=relief_member)


def _verify_page(client, pdf: bytes) -> str:
    upload = io.BytesIO(pdf)
    upload.name = "minutes.pdf"
    return client.post("/en/reports/verify/", {"file": upload}).content.decode()


def test_each_party_seals_when_it_approves_and_the_pages_show_the_state_between(
    sealing,
    client,
    django_capture_on_commit_callbacks,
    minutes,
    relief_member,
    rural_member,
    relief,
    rural,
    nss_with_root,
    tmp_path,
):
    capture = django_capture_on_commit_callbacks
    # The rural party approves first: its seal certifies the document issued at that moment.
    approve_sealed(capture, minutes=minutes, party=rural, by=rural_member)
    issued = IssuedMinutes.objects.get(language="fa")
    first_revision = _stored(issued)
    assert first_revision[:8] == b"%PDF-1.7" and issued.issued_by == rural_member
    [only] = seals_in(first_revision)
    assert (only.field, only.kind, only.valid, only.ltv) == ("Seal-rural-affairs-qazvin", "certification", True, True)
    text = squash(pdf_text(first_revision))
    assert squash("Rural Affairs Qazvin seal") in text
    assert squash("Relief Committee Qazvin seal") not in text  # its seal follows as a signature only

    client.force_login(relief_member)
    page = client.get(f"/en/a/{R}/committee/{minutes.meeting_id}/").content.decode()
    state = page[page.index('class="minutes-seal-state"') :][:400]
    assert f"approved and sealed by {rural.short_name_en}" in state and f"awaiting {relief.short_name_en}" in state
    answer = _verify_page(client, first_revision)
    assert issued.document_number in answer and f"awaiting {relief.short_name_en}" in answer

    approve_sealed(capture, minutes=minutes, party=relief, by=relief_member)
    pdf = _stored(issued)
    assert pdf.startswith(first_revision)  # an incremental update of the document as issued
    first, second = seals_in(pdf)
    assert (second.field, second.kind) == ("Seal-ikrc-qazvin", "approval")
    assert first.valid and second.valid and first.ltv and second.ltv
    # After the certification only what it allows: the second seal and validation data.
    assert (first.modified_after, first.changes_allowed) == ("FORM_FILLING", True)
    assert second.modified_after == "LTA_UPDATES"
    root = PdfReader(io.BytesIO(pdf)).trailer["/Root"]
    assert b'pdfaid:part="3"' in root["/Metadata"].get_object().get_data()
    assert root["/MarkInfo"]["/Marked"] and "/StructTreeRoot" in root
    out = pdfsig(nss_with_root, pdf, tmp_path)
    assert out.count("Signature is Valid.") == 2, out
    assert pdfsig_trusts_every_signer(nss_with_root, pdf, tmp_path), out
    page = client.get(f"/en/a/{R}/committee/{minutes.meeting_id}/").content.decode()
    assert "awaiting" not in page[page.index('class="minutes-seal-state"') :][:400]
    # A copy taken between the approvals is still recognised (it is the start of the stored file).
    assert issued.document_number in _verify_page(client, first_revision)


def test_the_text_and_the_decisions_cannot_change_after_the_first_approval(
    client, minutes, relief_member, rural_member, rural
):
    from committee.services import approve_minutes

    approve_minutes(minutes=minutes, party=rural, by=rural_member)
    meeting = minutes.meeting
    meeting.refresh_from_db()
    with pytest.raises(StateError):
        write_minutes(meeting=meeting, text="متن دیگر", by=relief_member)
    with pytest.raises(StateError):
        record_decision(meeting=meeting, text_fa="مصوبه پس از تأیید", by=relief_member)
    client.force_login(relief_member)
    assert client.post(f"/a/{R}/committee/{meeting.pk}/minutes/", {"text": "متن دیگر"}).status_code in (302, 403)
    minutes.refresh_from_db()
    assert minutes.text == TEXT
    assert client.get(f"/a/{R}/committee/{meeting.pk}/decisions/new/").status_code == 403


def test_a_correction_is_a_new_document_naming_the_one_it_replaces(
    sealing, django_capture_on_commit_callbacks, minutes, relief_member, rural_member, relief, rural
):
    capture = django_capture_on_commit_callbacks
    approve_sealed(capture, minutes=minutes, party=rural, by=rural_member)
    approve_sealed(capture, minutes=minutes, party=relief, by=relief_member)
    old = IssuedMinutes.objects.get(minutes=minutes, language="en")
    before = _stored(old)
    meeting = minutes.meeting
    meeting.refresh_from_db()
    corrected = correct_minutes(meeting=meeting, text=TEXT + " اصلاح", reason="نام حاضران", by=relief_member)
    approve_sealed(capture, minutes=corrected, party=relief, by=relief_member)
    new = IssuedMinutes.objects.get(minutes=corrected, language="en")
    assert new.document_number.endswith("-V2-EN") and new.verification_code != old.verification_code
    assert old.document_number in pdf_text(_stored(new))
    assert _stored(old) == before  # the replaced document is never touched
    [seal] = seals_in(_stored(new))
    assert (seal.field, seal.kind) == ("Seal-ikrc-qazvin", "certification")


def test_a_party_without_a_key_leaves_its_column_saying_not_sealed(
    sealing, settings, django_capture_on_commit_callbacks, minutes, relief_member, rural_member, relief, rural
):
    settings.PEYMAN_SEAL_KEYS = {"ikrc-qazvin": settings.PEYMAN_SEAL_KEYS["ikrc-qazvin"]}
    approve_sealed(django_capture_on_commit_callbacks, minutes=minutes, party=rural, by=rural_member)
    approve_sealed(django_capture_on_commit_callbacks, minutes=minutes, party=relief, by=relief_member)
    pdf = _stored(IssuedMinutes.objects.get(language="en"))
    [only] = seals_in(pdf)
    assert (only.field, only.kind) == ("Seal-ikrc-qazvin", "certification")
    text = squash(pdf_text(pdf))
    assert squash("Not sealed electronically") in text and squash("Electronic seal of") in text


def test_an_approval_stands_while_the_timestamp_authority_is_down_and_is_sealed_when_it_is_back(
    sealing, settings, client, django_capture_on_commit_callbacks, minutes, relief_member, rural_member, rural, tmp_path
):
    """A real timestamp authority in a process of its own, stopped and started again."""
    capture = django_capture_on_commit_callbacks
    port = free_port()
    settings.PEYMAN_SEAL_TSA_URL = f"http://127.0.0.1:{port}/peyman/tsa/tsa"
    with tsa_process(sealing, tmp_path, port) as tsa:
        tsa.terminate()
        tsa.wait(timeout=10)
        approve_sealed(capture, minutes=minutes, party=rural, by=rural_member)
    # The approval is recorded; the documents are issued and wait for their seal.
    assert minutes.approvals.get().party == rural
    documents = list(IssuedMinutes.objects.order_by("language"))
    assert len(documents) == 2
    for document in documents:
        assert (document.sealing, document.sha256, document.sealing_tries) == ("pending", "", 1)
        assert document.sealing_error.startswith("TimestampRequestError")
    client.force_login(relief_member)
    page = client.get(f"/en/a/{R}/committee/{minutes.meeting_id}/").content.decode()
    assert "sealing…" in page
    assert client.get(f"/a/{R}/committee/{minutes.meeting_id}/minutes/{minutes.pk}/fa.pdf").status_code == 302
    listing = io.StringIO()
    call_command("seal_pending", "--list", stdout=listing)
    assert "1 failed tries" in listing.getvalue() and documents[0].document_number in listing.getvalue()

    with tsa_process(sealing, tmp_path, port), capture(execute=True):
        call_command("seal_pending", stdout=io.StringIO())
    for document in documents:
        document.refresh_from_db()
        assert (document.sealing, document.sealing_tries, document.sealing_error) == ("done", 0, "")
        [seal] = seals_in(_stored(document))
        assert seal.valid and seal.ltv and seal.kind == "certification"
    assert "sealing…" not in client.get(f"/en/a/{R}/committee/{minutes.meeting_id}/").content.decode()
