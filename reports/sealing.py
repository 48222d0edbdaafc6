"""A quarterly report issued now, sealed later, as the minutes are (committee/sealing.py; the
shared part is agreement/pdf/sealing.py).

The issuing job (reports/issue.py) tries the monitoring party's seal once, outside any lock, as
before. When the timestamp authority does not answer, the issue still completes: the number,
figures and quarter lock are stored with the unsealed file, `sealing` "pending" and no SHA-256,
and this module's job (`reports.tasks.seal_report`) applies the seal later: it reads the file and
signs with no lock held, then takes the report's row lock only to store the sealed file, its
SHA-256 and size, if the row is still pending and still holds the file it started from. Until
then the report's page and the verification page say "sealing…" and the file is not offered.
"""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from agreement.pdf import sealing as shared
from agreement.pdf.seal import key_for, seal_pdf
from reports.models import IssuedReport

FIELD_NAME = "MonitorSeal"


def _task():
    from reports.tasks import seal_report  # reports.tasks imports this module

    return seal_report


def mark_pending(report: IssuedReport, error: BaseException) -> None:
    """Before the issue stores the row: it waits for its seal (the first try's error kept)."""
    report.sealing, report.sealing_since = IssuedReport.Sealing.PENDING, timezone.now()
    report.sealing_tries, report.sealing_error = 1, f"{type(error).__name__}: {error}"[:2000]


def queue_after_issue(report: IssuedReport) -> None:
    """Inside the issue's transaction, once the row exists: the next try, a minute later where
    the backend can defer (the first try just failed), else after the commit."""
    task = _task()
    if task.get_backend().supports_defer:
        task.using(run_after=timezone.now() + dt.timedelta(seconds=shared.retry_delay(1))).enqueue(report.pk)
    else:
        shared.queue(task, report.pk)


def seal(pdf: bytes, monitor_code: str) -> bytes:
    """The monitoring party's seal on the issued file (PAdES B-LT, a certification signature)."""
    key = key_for(monitor_code)
    if key is None:
        raise shared.Failed(f"no seal key configured for {monitor_code}")
    try:
        return seal_pdf(pdf, key, field_name=FIELD_NAME, certify=True)
    except Exception as error:  # the network, the authority, the token: all worth another try
        raise shared.Failed(str(error)) from error


def run(report_pk: int) -> str:
    """Seal a report still waiting for its seal; the job of `reports.tasks.seal_report`."""
    report = IssuedReport.objects.select_related("agreement").filter(pk=report_pk).first()
    if report is None or not report.is_sealing:
        return "nothing to seal"
    monitor = report.agreement.monitoring_party
    read_name = report.pdf.name
    with report.pdf.open("rb") as handle:
        unsealed = handle.read()
    try:
        sealed = seal(unsealed, monitor.code if monitor else "")
    except shared.Failed as error:
        shared.record_failure(IssuedReport, report.pk, error.__cause__ or error, _task())
        return "will retry"
    return _store(report.pk, sealed, read_name=read_name)


def _store(pk: int, pdf: bytes, *, read_name: str) -> str:
    """Store the sealed file under the row's lock, if the row still waits for it with that file."""
    with transaction.atomic():
        row = IssuedReport.objects.select_for_update().get(pk=pk)
        if not row.is_sealing or row.pdf.name != read_name:
            return "moved on"  # another run stored it first
        row.sealing, row.sealing_since = IssuedReport.Sealing.DONE, None
        row.sealing_tries, row.sealing_error = 0, ""
        shared.store_sealed(row, pdf, read_name)
    return "sealed"


def pending(*, older_than: dt.timedelta = dt.timedelta(0)):
    """Reports still sealing (for the operators: the admin, `manage.py seal_pending`)."""
    return shared.pending(IssuedReport, older_than=older_than)


def queue_pending() -> int:
    return shared.queue_pending(IssuedReport, _task())
