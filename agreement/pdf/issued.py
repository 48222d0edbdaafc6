"""One machinery for every issued document (the quarterly report, the committee's minutes):
the verification code printed on it, the stored file with its SHA-256 and size, and the lookup
by exact bytes or by code that the verification page uses."""

import hashlib
import secrets
from typing import Any

from django.core.files.base import ContentFile
from django.db import models, transaction

# No 0/O or 1/I: the code is read off paper and typed in by hand.
CODE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
CODE_LENGTH = 10


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


def store_issued_pdf(document: Any, pdf: bytes) -> None:
    """Set the document's `sha256` and `size` from the final bytes, write its `pdf` file and save
    the row; if the row cannot be saved, the file does not stay behind. `document` is a model with
    those three fields and a `filename` (IssuedReport, IssuedMinutes)."""
    document.sha256 = hashlib.sha256(pdf).hexdigest()
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
    this verification code."""
    if upload is not None:
        return queryset.filter(sha256=sha256_of(upload)).first()
    if not code:
        return None
    return queryset.filter(verification_code=code).first()
