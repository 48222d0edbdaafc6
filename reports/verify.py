"""Is this an authentic issued report? By its exact bytes, or by the code printed on it."""

import hashlib

from committee.models import IssuedMinutes
from reports.models import IssuedReport


def sha256_of(upload) -> str:
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    return digest.hexdigest()


def _issued():
    return IssuedReport.objects.select_related("agreement", "issued_by", "replaces", "replaced_by")


def find_by_file(upload) -> IssuedReport | None:
    """The issued report with exactly these bytes; a single changed byte finds nothing."""
    return _issued().filter(sha256=sha256_of(upload)).first()


def find_by_code(code: str) -> IssuedReport | None:
    if not code:
        return None
    return _issued().filter(verification_code=code).first()


# The joint committee's issued minutes are verified the same way, on the same page.


def _issued_minutes():
    return IssuedMinutes.objects.select_related("minutes__meeting__agreement", "minutes__replaced_by", "issued_by")


def find_minutes_by_file(upload) -> IssuedMinutes | None:
    upload.seek(0)
    return _issued_minutes().filter(sha256=sha256_of(upload)).first()


def find_minutes_by_code(code: str) -> IssuedMinutes | None:
    if not code:
        return None
    return _issued_minutes().filter(verification_code=code).first()
