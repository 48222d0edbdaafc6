"""One machinery for every issued document (the quarterly report, the committee's minutes):
the verification code printed on it, the stored file with its SHA-256 and size, and the lookup
by exact bytes or by code that the verification page uses."""

import datetime as dt
import hashlib
import io
import re
import secrets
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString

from agreement.pdf.seal import add_document_timestamp, timestamps_expire

# No 0/O or 1/I: the code is read off paper and typed in by hand.
CODE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
CODE_LENGTH = 10


def printed_verify_link() -> SafeString:
    """Paper has no address bar: the verification page's full address (the site's domain, in the active
    language), isolated left to right inside a Persian sentence."""
    return format_html('<span dir="ltr">{}</span>', settings.PEYMAN_SITE_URL + reverse("report_verify"))


def printed_code(code: str) -> SafeString:
    """A verification code inside a printed sentence: left to right and never broken at its hyphen."""
    return format_html('<span dir="ltr" class="printed-code">{}</span>', code)


def new_verification_code() -> str:
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    return f"{raw[:5]}-{raw[5:]}"


def normalise_code(text: str) -> str:
    """What a person typed ('k7qxm 2pa9r', 'K7QXM-2PA9R') in the stored form."""
    raw = "".join(ch for ch in (text or "").upper() if ch.isalnum())
    return f"{raw[:5]}-{raw[5:]}" if len(raw) == CODE_LENGTH else raw


def sha256_of(upload) -> str:
    """The SHA-256 of an uploaded file, read in chunks from its start."""
    upload.seek(0)
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    return digest.hexdigest()


def store_issued_pdf(document: Any, pdf: bytes, *, final: bool = True) -> None:
    """Set the document's `sha256` and `size` from the final bytes, write its `pdf` file and save
    the row; if the row cannot be saved, the file does not stay behind. `document` is a model with
    those three fields and a `filename` (IssuedReport, IssuedMinutes). `final=False`: a file
    still waiting for its seal, stored with no SHA-256 (nothing verifies against it)."""
    document.sha256 = hashlib.sha256(pdf).hexdigest() if final else ""
    document.size = len(pdf)
    document.pdf.save(document.filename, ContentFile(pdf), save=False)
    try:
        with transaction.atomic():
            document.save()
    except BaseException:
        document.pdf.delete(save=False)
        raise


def find_issued(queryset: models.QuerySet, *, upload=None, code: str = ""):
    """The issued document with exactly these bytes (a single changed byte finds nothing), or with
    this verification code. A copy downloaded before a later archive timestamp was added (B-LTA,
    `renew_archive_timestamp`) is found too: it is byte for byte the start of the stored file."""
    if upload is not None:
        return queryset.filter(sha256=sha256_of(upload)).first() or _earlier_copy(queryset, upload)
    if not code:
        return None
    return queryset.filter(verification_code=code).first()


CODE_IN_KEYWORDS = re.compile(r"\b[2-9A-HJ-NP-Z]{5}-[2-9A-HJ-NP-Z]{5}\b")


def _earlier_copy(queryset: models.QuerySet, upload):
    """The document whose stored file begins with exactly the uploaded bytes, looked up by the
    verification code the file names in its keywords (only a sealed, later timestamped file grows)."""
    upload.seek(0)
    data = upload.read()
    keywords = _keywords_of(upload, data)
    if keywords is None:  # not a readable PDF: not an earlier copy of anything
        return None
    for code in CODE_IN_KEYWORDS.findall(keywords):
        document = queryset.filter(verification_code=code).first()
        if document is None or document.size <= len(data):
            continue
        with document.pdf.open("rb") as handle:
            if handle.read(len(data)) == data:
                return document
    return None


def _keywords_of(upload, data: bytes) -> str | None:
    """The file's keywords, read once per upload: the verification page looks an unknown file up
    among reports and then among minutes, and parsing it twice doubled that lookup's cost."""
    # Imported here, as WeasyPrint is in agreement.pdf: every process imports this module, and only
    # the verification of an unknown upload needs a PDF reader (pikepdf announces itself on import).
    import pikepdf

    if getattr(upload, "_peyman_keywords", False) is not False:
        return upload._peyman_keywords
    try:
        with pikepdf.open(io.BytesIO(data)) as pdf:
            keywords: str | None = str(pdf.docinfo.get("/Keywords", ""))
    except Exception:
        keywords = None
    upload._peyman_keywords = keywords
    return keywords


def _waits_for_a_seal(document: Any) -> bool:
    """A document whose sealing job has work left (IssuedMinutes awaiting a party's seal, an
    IssuedReport issued while the timestamp authority was down): that job writes its file next."""
    return getattr(document, "sealing", "done") != "done"


def archive_timestamp_due(document: Any, *, within: dt.timedelta, now: dt.datetime | None = None) -> bytes | None:
    """The document's file with a document timestamp added (PAdES B-LTA), when its latest
    timestamp's certificate expires within `within`; None when nothing is due or it is still
    sealing. Asks the timestamp authority, so it holds no lock: `store_archive_timestamp` then
    stores the result only if the file did not change meanwhile."""
    if _waits_for_a_seal(document):
        return None
    with document.pdf.open("rb") as handle:
        pdf = handle.read()
    expires = timestamps_expire(pdf)
    if expires is None or expires - (now or timezone.now()) > within:
        return None
    return add_document_timestamp(pdf)


def store_archive_timestamp(document: Any, renewed: bytes, *, read_sha256: str) -> bool:
    """Store the timestamped file under the document's row lock, the same lock the sealing jobs
    take to store a seal (committee/sealing.py, reports/sealing.py). False, with nothing written,
    when the file is no longer the one the timestamp was added to (a party's approval seal was
    stored meanwhile) or a seal is pending: the seal must not be lost under an older file, and the
    next yearly run timestamps the file as it then is."""
    old_name = ""
    with transaction.atomic():
        row = type(document).objects.select_for_update().filter(pk=document.pk).first()
        if row is None or row.sha256 != read_sha256 or _waits_for_a_seal(row):
            return False
        old_name = row.pdf.name
        row.sha256 = hashlib.sha256(renewed).hexdigest()
        row.size = len(renewed)
        row.pdf.save(row.filename, ContentFile(renewed), save=False)
        try:
            row.save(update_fields=["sha256", "size", "pdf"])
        except BaseException:
            row.pdf.delete(save=False)
            raise
        transaction.on_commit(lambda: row.pdf.storage.delete(old_name))
    document.refresh_from_db()
    return True


def renew_archive_timestamp(document: Any, *, within: dt.timedelta, now: dt.datetime | None = None) -> bool:
    """Add a document timestamp (PAdES B-LTA) to a sealed document whose latest timestamp's
    certificate expires within `within`, as an incremental update: the stored file, its SHA-256
    and size change together (the history keeps the old values); False when nothing was due, the
    document is still sealing, or a seal was stored while the timestamp authority answered."""
    read_sha256 = document.sha256
    renewed = archive_timestamp_due(document, within=within, now=now)
    if renewed is None:
        return False
    return store_archive_timestamp(document, renewed, read_sha256=read_sha256)
