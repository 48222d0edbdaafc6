"""The parties' electronic seals on issued PDFs (PAdES baseline B-LT, SHA-256 only), with pyHanko.

A seal is a CAdES-detached signature with an RFC 3161 timestamp from the configured timestamp
authority, and the certificates and revocation data embedded in the document's DSS, so the file
can be checked in any PDF reader years later without Peyman. Nothing is signed when no key is
configured for the party (settings PEYMAN_SEAL_*; docs/operations.md). SHA-256 keeps the file at
PDF 1.7 (pyHanko's SHA-384 path moves it to PDF 2.0 and breaks PDF/A-3, pyHanko issue 543).
"""

import concurrent.futures
import io
import threading
from contextlib import contextmanager
from dataclasses import dataclass

from django.conf import settings


@dataclass(frozen=True)
class SealKey:
    party_code: str
    pkcs12_path: str


def key_for(party_code: str) -> SealKey | None:
    """The configured seal key of a party (by its short code), or None: that party does not seal."""
    path = next((str(pair[1]) for pair in settings.PEYMAN_SEAL_PKCS12 if pair[0] == party_code), None)
    return SealKey(party_code, path) if path else None


def _trust_roots():
    from pyhanko.keys import load_cert_from_pemder

    return [load_cert_from_pemder(path) for path in settings.PEYMAN_SEAL_TRUST_ROOTS]


def validation_context(**kwargs):
    from pyhanko_certvalidator import ValidationContext

    return ValidationContext(trust_roots=_trust_roots(), **kwargs)


_METADATA_LOCK = threading.Lock()


@contextmanager
def _metadata_kept():
    """pyHanko writes a new XMP packet of its own in each revision it adds (the seal's, then the
    DSS's): WeasyPrint's packet is a plain stream to it, so the PDF/A-3a identification would be
    dropped. While sealing, the document's metadata and information dictionary stay exactly as
    WeasyPrint wrote them (consistent with each other, as PDF/A wants). A private method of the
    pinned pyHanko; tests/test_seal.py reads the markers back after sealing."""
    from pyhanko.pdf_utils.writer import BasePdfFileWriter

    with _METADATA_LOCK:
        original = BasePdfFileWriter._update_meta
        BasePdfFileWriter._update_meta = lambda self: None  # type: ignore[method-assign]
        try:
            yield
        finally:
            BasePdfFileWriter._update_meta = original  # type: ignore[method-assign]


def _in_own_thread(function, *args, **kwargs):
    """pyHanko's blocking calls start an asyncio loop of their own, which fails in a thread that
    already runs one (a Playwright page, an async worker): they run in a thread of their own."""
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(function, *args, **kwargs).result()


def seal_pdf(pdf: bytes, key: SealKey, *, field_name: str, certify: bool = False) -> bytes:
    return _in_own_thread(_seal_pdf, pdf, key, field_name=field_name, certify=certify)


def seals_in(pdf: bytes) -> "list[FoundSeal]":
    return _in_own_thread(_seals_in, pdf)


def _seal_pdf(pdf: bytes, key: SealKey, *, field_name: str, certify: bool = False) -> bytes:
    """The PDF with one more seal as an incremental update: a certification signature that still
    allows later approval signatures (`certify`), or an approval signature."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers, timestamps
    from pyhanko.sign.fields import MDPPerm, SigSeedSubFilter

    signer = signers.SimpleSigner.load_pkcs12(
        key.pkcs12_path, passphrase=(settings.PEYMAN_SEAL_PKCS12_PASSPHRASE or "").encode() or None
    )
    if signer is None:
        raise ValueError(f"The seal key of {key.party_code} ({key.pkcs12_path}) cannot be read.")
    meta = signers.PdfSignatureMetadata(
        field_name=field_name,
        md_algorithm="sha256",
        subfilter=SigSeedSubFilter.PADES,
        certify=certify,
        docmdp_permissions=MDPPerm.FILL_FORMS,
        embed_validation_info=True,
        use_pades_lta=False,
        validation_context=validation_context(allow_fetching=True),
    )
    timestamper = timestamps.HTTPTimeStamper(settings.PEYMAN_SEAL_TSA_URL) if settings.PEYMAN_SEAL_TSA_URL else None
    with _metadata_kept():
        writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
        out = signers.PdfSigner(
            meta, signer=signer, timestamper=timestamper, new_field_spec=fields.SigFieldSpec(field_name)
        ).sign_pdf(writer)
    return out.getvalue()


@dataclass(frozen=True)
class FoundSeal:
    signer: str
    signed_at: object
    intact: bool
    trusted: bool
    coverage: str  # ENTIRE_FILE, or ENTIRE_REVISION when later revisions (the DSS, a second seal) follow
    modified_after: str
    ltv: bool


def _seals_in(pdf: bytes) -> list[FoundSeal]:
    """Every signature in the file, checked offline against the configured trust roots. Long-term
    validation holds when the check passes with revocation required ("hard-fail") using only the
    certificates and revocation data embedded in the document's DSS, as of the signature's timestamp."""
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.dss import DocumentSecurityStore

    reader = PdfFileReader(io.BytesIO(pdf), strict=False)
    try:
        dss = DocumentSecurityStore.read_dss(reader)
    except Exception:  # no DSS: not long-term validatable
        dss = None
    found = []
    for sig in reader.embedded_signatures:
        status = validate_pdf_signature(sig, validation_context(allow_fetching=False))
        ltv = False
        if dss is not None and status.timestamp_validity is not None:
            embedded = dss.as_validation_context(
                {
                    "trust_roots": _trust_roots(),
                    "allow_fetching": False,
                    "revocation_mode": "hard-fail",
                    "moment": status.timestamp_validity.timestamp,
                }
            )
            ltv = validate_pdf_signature(sig, embedded).bottom_line
        found.append(
            FoundSeal(
                signer=status.signing_cert.subject.human_friendly,
                signed_at=status.timestamp_validity.timestamp
                if status.timestamp_validity
                else status.signer_reported_dt,
                intact=status.intact and status.valid,
                trusted=status.trusted,
                coverage=status.coverage.name if status.coverage else "",
                modified_after=status.modification_level.name if status.modification_level else "",
                ltv=ltv,
            )
        )
    return found
