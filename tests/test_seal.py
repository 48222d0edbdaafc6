"""Seals on issued PDFs (agreement/pdf/seal.py) with the real, throwaway PKI of tests/seal_pki.py."""

import io

import pytest
from pypdf import PdfReader

from agreement.pdf import html_to_pdf
from agreement.pdf.seal import key_for, seal_pdf, seals_in
from tests.seal_pki import MONITOR, OTHER, pdfsig, pdfsig_trusts_every_signer


@pytest.fixture(scope="module")
def document():
    return html_to_pdf("<html lang='en'><body><h1>Issued report</h1><p>Figures.</p></body></html>")


def test_a_sealed_pdf_is_valid_trusted_and_long_term_offline(sealing, document):
    sealed = seal_pdf(document, key_for(MONITOR), field_name="MonitorSeal", certify=True)
    assert sealed.startswith(document)  # an incremental update: the issued bytes are untouched
    assert sealed[:8] == b"%PDF-1.7"
    [seal] = seals_in(sealed)
    assert seal.valid and seal.ltv and seal.kind == "certification"
    # The DSS with the revocation data is the only change after the seal (B-LT).
    assert (seal.coverage, seal.modified_after) == ("ENTIRE_REVISION", "LTA_UPDATES")
    assert seal.signer == "Relief Committee Qazvin seal"
    root = PdfReader(io.BytesIO(sealed)).trailer["/Root"]
    xmp = root["/Metadata"].get_object().get_data()
    assert b'pdfaid:part="3"' in xmp and b'pdfaid:conformance="A"' in xmp
    assert root["/MarkInfo"]["/Marked"] and "/StructTreeRoot" in root


def test_a_byte_flipped_inside_the_signed_range_is_detected(sealing, document):
    sealed = bytearray(seal_pdf(document, key_for(MONITOR), field_name="MonitorSeal"))
    sealed[len(document) // 2] ^= 0x01  # the issued bytes come before the seal: all signed
    [seal] = seals_in(bytes(sealed))
    assert not seal.intact and not seal.valid


def test_pdfsig_says_valid_and_trusted_with_no_network_and_sees_a_flipped_byte(
    sealing, document, nss_with_root, tmp_path
):
    sealed = seal_pdf(document, key_for(MONITOR), field_name="MonitorSeal")
    out = pdfsig(nss_with_root, sealed, tmp_path)
    assert "Signature is Valid." in out and "Signing Hash Algorithm: SHA-256" in out, out
    assert pdfsig_trusts_every_signer(nss_with_root, sealed, tmp_path), out
    flipped = bytearray(sealed)
    flipped[len(document) // 2] ^= 0x01
    out = pdfsig(nss_with_root, bytes(flipped), tmp_path, "bad.pdf")
    assert "Signature is Valid." not in out, out


def test_two_seals_validate_and_the_first_sees_only_the_allowed_approval(sealing, document, nss_with_root, tmp_path):
    first = seal_pdf(document, key_for(MONITOR), field_name="Seal-1", certify=True)
    both = seal_pdf(first, key_for(OTHER), field_name="Seal-2")
    assert both.startswith(first)
    certification, approval = seals_in(both)
    assert (certification.kind, approval.kind) == ("certification", "approval")
    assert certification.valid and approval.valid and certification.ltv and approval.ltv
    # After the certification: a second seal (a form field signed) and validation data, nothing else.
    assert (certification.coverage, certification.modified_after) == ("ENTIRE_REVISION", "FORM_FILLING")
    assert approval.modified_after == "LTA_UPDATES"
    out = pdfsig(nss_with_root, both, tmp_path)
    assert out.count("Signature is Valid.") == 2, out
    assert pdfsig_trusts_every_signer(nss_with_root, both, tmp_path), out


def test_nothing_is_sealed_without_a_key(settings):
    settings.PEYMAN_SEAL_KEYS = {}
    assert key_for(MONITOR) is None


def test_pdfsig_refuses_trust_without_the_root(sealing, document, tmp_path):
    import subprocess

    empty = tmp_path / "empty-nss"
    empty.mkdir()
    subprocess.run(["certutil", "-N", "-d", str(empty), "--empty-password"], check=True)
    sealed = seal_pdf(document, key_for(MONITOR), field_name="MonitorSeal")
    assert "Certificate issuer isn't Trusted." in pdfsig(empty, sealed, tmp_path)
    assert not pdfsig_trusts_every_signer(empty, sealed, tmp_path)


def test_a_seal_revoked_after_issue_leaves_the_earlier_document_valid_as_of_its_timestamp(sealing, document, settings):
    import datetime as dt

    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    from agreement.pdf.seal import _in_own_thread, _trust_roots

    settings.PEYMAN_SEAL_KEYS = {"retired": {"kind": "pkcs12", "path": str(sealing["p12"]["retired"])}}
    sealed = seal_pdf(document, key_for("retired"), field_name="Seal")
    [seal] = seals_in(sealed)
    assert seal.valid and seal.ltv  # from the revocation data embedded when it was sealed
    # A day later the certificate is revoked; the next weekly CRL says so.
    later = sealing["revoked_since"] + dt.timedelta(days=8)  # the CRL is reissued weekly (P7D)
    crl = sealing["arch"].service_registry.get_crl("root", at_time=later)
    assert len(crl["tbs_cert_list"]["revoked_certificates"]) == 1
    signature = PdfFileReader(io.BytesIO(sealed), strict=False).embedded_signatures[0]

    def status_at(moment):
        context = ValidationContext(
            trust_roots=_trust_roots(),
            crls=[crl],
            allow_fetching=False,
            revocation_mode="hard-fail",
            moment=moment,
            retroactive_revinfo=True,
        )
        # In a thread of its own, as the app does: a Playwright test in this process keeps a loop running.
        return _in_own_thread(validate_pdf_signature, signature, context)

    assert status_at(seal.signed_at).bottom_line  # valid as of its timestamp, before the revocation
    assert not status_at(later).bottom_line  # a seal made after the revocation would not be
    assert status_at(later).revoked
