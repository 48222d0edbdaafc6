"""Is this an authentic issued report or issued minutes? By its exact bytes, or by the code printed on it
(agreement.pdf.issued holds the one lookup both use)."""

from agreement.pdf.issued import find_issued
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
    return IssuedMinutes.objects.select_related("minutes__meeting__agreement", "minutes__replaced_by", "issued_by")


def find_minutes_by_file(upload) -> IssuedMinutes | None:
    return find_issued(_issued_minutes(), upload=upload)


def find_minutes_by_code(code: str) -> IssuedMinutes | None:
    return find_issued(_issued_minutes(), code=code)
