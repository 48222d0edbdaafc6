"""The parties' electronic seals on issued PDFs (PAdES baseline B-LT, SHA-256 only), with pyHanko.

A seal is a CAdES-detached signature with an RFC 3161 timestamp from the configured timestamp
authority, and the certificates and revocation data embedded in the document's DSS, so the file
can be checked in any PDF reader years later without Peyman. A later document timestamp (B-LTA,
`add_document_timestamp`) keeps it checkable after the timestamp authority's certificate expires.
Nothing is signed when no key is configured for the party (settings PEYMAN_SEAL_*, parsed in
config/env.py; docs/operations.md). SHA-256 keeps the file at PDF 1.7 (pyHanko's SHA-384 path moves
it to PDF 2.0 and breaks PDF/A-3, pyHanko issue 543).

The seal's signature field is invisible: what a reader sees is the seal box WeasyPrint lays out in
the document (signer, time, verification code), so the tagged PDF/A-3a page stays as it was built.
"""

import concurrent.futures
import datetime as dt
import functools
import io
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from django.conf import settings

# Imported lazily below: pyHanko and its validator take half a second to import, and only the
# worker issuing a document and the verification page need them.


@dataclass(frozen=True)
class SealKey:
    party_code: str
    kind: str  # "pkcs12" (a file) or "pkcs11" (a token or HSM)
    location: str  # the PKCS#12 file, or the key's (and its certificate's) label on the token


def key_for(party_code: str) -> SealKey | None:
    """The configured seal key of a party (by its short code), or None: that party does not seal."""
    entry = settings.PEYMAN_SEAL_KEYS.get(party_code)
    if not entry:
        return None
    return SealKey(party_code, entry["kind"], entry.get("path") or entry.get("label", ""))


@dataclass(frozen=True)
class SealIdentity:
    """Who a seal names, as printed in the seal box before the document is sealed."""

    name: str  # the certificate's common name
    organisation: str
    serial: str


def _trust_roots():
    return _roots_from(tuple(settings.PEYMAN_SEAL_TRUST_ROOTS))


@functools.lru_cache(maxsize=4)
def _roots_from(paths: tuple[str, ...]) -> tuple:
    """The roots read once per process (each verification built every validation context from
    the files again); keyed by the configured paths, so a changed setting reads the new files."""
    from pyhanko.keys import load_cert_from_pemder

    return tuple(load_cert_from_pemder(path) for path in paths)


def validation_context(**kwargs):
    from pyhanko_certvalidator import ValidationContext

    return ValidationContext(trust_roots=list(_trust_roots()), **kwargs)


@contextmanager
def _signer(key: SealKey) -> Iterator:
    """pyHanko's signer for the key; a PKCS#11 session is closed again afterwards."""
    from pyhanko.sign import signers

    if key.kind == "pkcs11":
        from pyhanko.config.pkcs11 import TokenCriteria
        from pyhanko.sign.pkcs11 import PKCS11Signer, open_pkcs11_session

        session = open_pkcs11_session(
            settings.PEYMAN_SEAL_PKCS11_MODULE,
            token_criteria=TokenCriteria(label=settings.PEYMAN_SEAL_PKCS11_TOKEN),
            user_pin=settings.PEYMAN_SEAL_PKCS11_PIN or None,
        )
        try:
            yield PKCS11Signer(session, key_label=key.location, cert_label=key.location, bulk_fetch=False)
        finally:
            session.close()
        return
    passphrase = (settings.PEYMAN_SEAL_PKCS12_PASSPHRASE or "").encode() or None
    signer = signers.SimpleSigner.load_pkcs12(key.location, passphrase=passphrase)
    if signer is None:
        raise ValueError(f"The seal key of {key.party_code} ({key.location}) cannot be read.")
    yield signer


def _cert_of(signer):
    cert = signer.signing_cert
    if cert is None:  # a PKCS#11 signer loads its certificate when first asked
        signer._load_objects()
        cert = signer.signing_cert
    return cert


def _identity(cert) -> SealIdentity:
    subject = cert.subject.native
    return SealIdentity(
        name=subject.get("common_name", cert.subject.human_friendly),
        organisation=subject.get("organization_name", ""),
        serial=format(cert.serial_number, "X"),
    )


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


_STREAMS_LOCK = threading.Lock()


def _object_streams_indexed() -> None:
    """pyHanko's reader parses an object stream's header afresh for every object it takes out of
    it, which is quadratic in the stream's size: a tagged report's structure tree (thousands of
    small objects in WeasyPrint's object streams) took 50 s of validation. Once per process, its
    reader keeps each stream's decoded data and offset table instead; any object the index cannot
    answer plainly goes to pyHanko's own method. A private method of the pinned pyHanko, like
    `_metadata_kept`; tests/test_seal.py and the benchmark (tests/benchmarks/seal_report.py) cover it."""
    from pyhanko.pdf_utils.reader import PdfFileReader

    with _STREAMS_LOCK:
        if getattr(PdfFileReader, "_peyman_indexed", False):
            return
        original = PdfFileReader._get_object_from_stream
        PdfFileReader._get_object_from_stream = _indexed_reader(original)  # type: ignore[method-assign]
        PdfFileReader._peyman_indexed = True  # type: ignore[attr-defined]


def _indexed_reader(original):
    from io import BytesIO

    from pyhanko.pdf_utils import generic, misc
    from pyhanko.pdf_utils.decode_limits import DecodePurpose

    def index_of(reader, stmnum):
        stream = generic.Reference(stmnum, 0, reader).get_object()
        if not isinstance(stream, generic.StreamObject) or stream.get("/Type") != "/ObjStm":
            return None
        data = stream.read_data(DecodePurpose.OBJECT_STREAM)
        header, first, offsets = BytesIO(data), int(stream["/First"]), {}
        for index in range(int(stream["/N"])):
            misc.read_non_whitespace(header, seek_back=True)
            objnum = generic.NumberObject.read_from_stream(header)
            misc.read_non_whitespace(header, seek_back=True)
            offset = generic.NumberObject.read_from_stream(header)
            offsets[int(objnum)] = (index, first + int(offset))
        return data, offsets

    def get_object_from_stream(self, idnum, stmnum, idx):
        streams = self.__dict__.setdefault("_peyman_object_streams", {})
        try:
            if stmnum not in streams:
                streams[stmnum] = index_of(self, stmnum)
            indexed = streams[stmnum]
            found = indexed[1].get(idnum) if indexed else None
            if found is None or found[0] != idx:
                return original(self, idnum, stmnum, idx)
            data = BytesIO(indexed[0])
            data.seek(found[1])
            obj = generic.read_object(data, generic.Reference(idnum, 0, self))
        except Exception:  # anything unusual: pyHanko's own reading, with its own errors
            return original(self, idnum, stmnum, idx)
        if isinstance(obj, (generic.StreamObject, generic.IndirectObject)):
            return original(self, idnum, stmnum, idx)
        return obj

    return get_object_from_stream


def _in_own_thread(function, *args, **kwargs):
    """pyHanko's blocking calls start an asyncio loop of their own, which fails in a thread that
    already runs one (a Playwright page, an async worker): they run in a thread of their own."""
    _object_streams_indexed()
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(function, *args, **kwargs).result()


def identity_of(key: SealKey) -> SealIdentity:
    """Whom the key's certificate names (read from the file or the token)."""
    return _in_own_thread(_identity_of, key)


def _identity_of(key: SealKey) -> SealIdentity:
    with _signer(key) as signer:
        return _identity(_cert_of(signer))


def seal_pdf(pdf: bytes, key: SealKey, *, field_name: str, certify: bool = False) -> bytes:
    return _in_own_thread(_seal_pdf, pdf, key, field_name=field_name, certify=certify)


def seals_in(pdf: bytes) -> "list[FoundSeal]":
    return _in_own_thread(_seals_in, pdf)


def add_document_timestamp(pdf: bytes) -> bytes:
    return _in_own_thread(_add_document_timestamp, pdf)


def timestamps_expire(pdf: bytes) -> dt.datetime | None:
    return _in_own_thread(_timestamps_expire, pdf)


def _timestamper():
    from pyhanko.sign import timestamps

    return timestamps.HTTPTimeStamper(settings.PEYMAN_SEAL_TSA_URL)


def _seal_pdf(pdf: bytes, key: SealKey, *, field_name: str, certify: bool = False) -> bytes:
    """The PDF with one more seal as an incremental update: a certification signature that still
    allows later approval signatures (`certify`), or an approval signature."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers
    from pyhanko.sign.fields import MDPPerm, SigSeedSubFilter

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
    with _signer(key) as signer, _metadata_kept():
        writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
        out = signers.PdfSigner(
            meta, signer=signer, timestamper=_timestamper(), new_field_spec=fields.SigFieldSpec(field_name)
        ).sign_pdf(writer)
    return out.getvalue()


def _add_document_timestamp(pdf: bytes) -> bytes:
    """The PDF with a document timestamp (and the validation data of the timestamps before it in
    the DSS) as an incremental update: PAdES B-LTA, renewed before the last timestamp expires."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import signers

    with _metadata_kept():
        writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
        out = signers.PdfTimeStamper(_timestamper()).timestamp_pdf(
            writer, "sha256", validation_context=validation_context(allow_fetching=True)
        )
    return out.getvalue()


@dataclass(frozen=True)
class FoundSeal:
    field: str
    kind: str  # certification, approval or timestamp (a document timestamp, B-LTA)
    signer: str  # the certificate's common name
    organisation: str
    issuer: str
    serial: str
    signed_at: dt.datetime | None
    intact: bool  # the signed bytes are unchanged and the signature is mathematically valid
    trusted: bool  # the certificate chains to a configured trust root
    coverage: str  # ENTIRE_FILE, or ENTIRE_REVISION when later revisions (the DSS, a second seal) follow
    modified_after: str  # what later revisions did: LTA_UPDATES (validation data), FORM_FILLING (a seal), ...
    changes_allowed: bool  # later revisions stay within what the signatures allow
    ltv: bool  # checkable from the document alone, as of its timestamp

    @property
    def valid(self) -> bool:
        return self.intact and self.trusted and self.changes_allowed


def _timestamp_of(status) -> dt.datetime | None:
    validity = getattr(status, "timestamp_validity", None)
    return validity.timestamp if validity else getattr(status, "signer_reported_dt", None)


def _claimed_time(sig, is_timestamp: bool) -> dt.datetime | None:
    """The time the signature's timestamp token (or a document timestamp itself) states, read
    without checking it: the moment to validate at; the validation then checks the token."""
    try:
        if is_timestamp:
            signed_data = sig.signed_data
        else:
            signed_data = None
            for attr in sig.signer_info["unsigned_attrs"] or ():
                if attr["type"].native == "signature_time_stamp_token":
                    signed_data = attr["values"][0]["content"]
            if signed_data is None:
                return None
        return signed_data["encap_content_info"]["content"].parsed["gen_time"].native
    except Exception:  # anything unusual: no claimed time, the plain pass decides
        return None


def _seals_in(pdf: bytes) -> list[FoundSeal]:
    """Every signature and document timestamp in the file, checked offline against the configured
    trust roots. Long-term validation holds when the check passes with revocation required
    ("hard-fail") using only the certificates and revocation data embedded in the document's DSS,
    as of the signature's timestamp."""
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature, validate_pdf_timestamp
    from pyhanko.sign.validation.dss import DocumentSecurityStore

    reader = PdfFileReader(io.BytesIO(pdf), strict=False)
    try:
        dss = DocumentSecurityStore.read_dss(reader)
    except Exception:  # no DSS: not long-term validatable
        dss = None
    roots = _trust_roots()
    found = []
    for sig in reader.embedded_signatures:
        is_timestamp = sig.sig_object.get("/Type") == "/DocTimeStamp"

        def check(context, sig=sig, is_timestamp=is_timestamp, skip_diff=False) -> Any:
            if is_timestamp:
                return validate_pdf_timestamp(sig, validation_context=context, skip_diff=skip_diff)
            return validate_pdf_signature(sig, context, skip_diff=skip_diff)

        def passes(status) -> bool:
            """The signature and its timestamp token hold, their chains trusted (the changes after
            it are not judged again: see the first pass)."""
            token = getattr(status, "timestamp_validity", None)
            token_ok = token is None or (token.intact and token.valid and token.trusted)
            return bool(status.intact and status.valid and status.trusted and token_ok)

        # One pass where the file holds what long-term validation needs (the usual case): checked
        # against the DSS alone, as of the time its timestamp token claims (the pass verifies that
        # token). Only when that fails, a second pass with the trust roots and nothing embedded
        # says whether the seal is at least intact and trusted today. (Two passes for every seal
        # made the verification page twice as slow.)
        claimed = _claimed_time(sig, is_timestamp)
        status: Any = None
        ltv = False
        if dss is not None and claimed is not None:
            embedded = dss.as_validation_context(
                {"trust_roots": list(roots), "allow_fetching": False, "revocation_mode": "hard-fail", "moment": claimed}
            )
            status = check(embedded)
            ltv = passes(status)
        if not ltv:
            status = check(validation_context(allow_fetching=False))
        moment = status.timestamp if is_timestamp else _timestamp_of(status)
        cert = status.signing_cert
        identity = _identity(cert)
        found.append(
            FoundSeal(
                field=sig.field_name,
                kind="timestamp" if is_timestamp else ("certification" if sig.docmdp_level else "approval"),
                signer=identity.name,
                organisation=identity.organisation,
                issuer=cert.issuer.native.get("common_name", cert.issuer.human_friendly),
                serial=identity.serial,
                signed_at=moment,
                intact=status.intact and status.valid,
                trusted=status.trusted,
                coverage=status.coverage.name if status.coverage else "",
                modified_after=status.modification_level.name if status.modification_level else "",
                changes_allowed=getattr(status, "docmdp_ok", None) is not False,
                ltv=ltv,
            )
        )
    return found


def _timestamps_expire(pdf: bytes) -> dt.datetime | None:
    """When the certificate of the document's latest timestamp (a document timestamp, or else the
    seals' own) stops being valid; None for a document without any."""
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature

    reader = PdfFileReader(io.BytesIO(pdf), strict=False)
    signatures = reader.embedded_signatures
    stamps = [s for s in signatures if s.sig_object.get("/Type") == "/DocTimeStamp"]
    if stamps:
        return stamps[-1].signer_cert.not_valid_after
    ends = []
    for sig in signatures:
        validity = validate_pdf_signature(sig, validation_context(allow_fetching=False)).timestamp_validity
        if validity is not None:
            ends.append(validity.signing_cert.not_valid_after)
    return min(ends) if ends else None


def chain_pem() -> str:
    """The trust roots and every configured seal certificate, PEM, for a reader to install or inspect."""
    return _in_own_thread(_chain_pem)


def _chain_pem() -> str:
    from asn1crypto import pem

    certs = list(_trust_roots())
    for party_code in sorted(settings.PEYMAN_SEAL_KEYS):
        key = key_for(party_code)
        if key is None:
            continue
        with _signer(key) as signer:
            certs.append(_cert_of(signer))
    seen, out = set(), []
    for cert in certs:
        if cert.sha256 in seen:
            continue
        seen.add(cert.sha256)
        out.append(pem.armor("CERTIFICATE", cert.dump()).decode())
    return "".join(out)


@dataclass(frozen=True)
class SealBox:
    """What the seal box laid out in an issued document shows (templates/agreement/_seal_box.html):
    the seal's holder (None: the party has no key, the document says it is not sealed), the time of
    issue and the verification code. The signature's own timestamp is the authoritative time."""

    identity: SealIdentity | None
    at: dt.datetime | None
    code: str
    # A party that has not approved yet: its approval seal is added to the file when it does
    # (an incremental update after the certification seal; the page itself stays as issued).
    follows: bool = False
