"""Is this an authentic issued report or issued minutes? By its exact bytes, or by the code printed on it
(agreement.pdf.issued holds the one lookup both use)."""

import logging

from agreement.pdf.issued import find_issued
from agreement.pdf.seal import FoundSeal, seals_in
from committee.models import IssuedMinutes
from reports.models import IssuedReport


def _issued():
    return IssuedReport.objects.select_related("agreement", "issued_by", "replaces", "replaced_by")


def find_by_file(upload) -> IssuedReport | None:
    """The issued report with exactly these bytes; a single changed byte finds nothing."""
    return find_issued(_issued(), upload=upload)


def find_by_code(code: str) -> IssuedReport | None:
    return find_issued(_issued(), code=code)


# The joint committee's issued minutes are verified the same way, on the same page.


def _issued_minutes():
    return IssuedMinutes.objects.select_related(
        "minutes__meeting__agreement", "minutes__replaced_by", "issued_by"
    ).prefetch_related("minutes__approvals__party", "minutes__meeting__agreement__signatories__party")


def find_minutes_by_file(upload) -> IssuedMinutes | None:
    return find_issued(_issued_minutes(), upload=upload)


def find_minutes_by_code(code: str) -> IssuedMinutes | None:
    return find_issued(_issued_minutes(), code=code)


logger = logging.getLogger(__name__)


def seals_in_upload(upload) -> list[FoundSeal]:
    """The electronic seals of an uploaded file, checked offline; none for a file that is not a
    readable signed PDF (a damaged file is said to be unauthentic by the lookup above)."""
    upload.seek(0)
    data = upload.read()
    if b"/ByteRange" not in data:  # no signature dictionary at all: skip pyHanko
        return []
    try:
        return seals_in(data)
    except Exception as error:  # a mangled PDF: nothing to report about seals
        logger.info("Seals of an uploaded file not readable: %s", type(error).__name__)
        return []
