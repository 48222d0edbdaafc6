"""Issuing a report: the one write that stores the PDF, its data and hash, and locks the quarter."""

import hashlib

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from agreement.jalali import Quarter
from agreement.models import Agreement
from monitoring.models import QuarterLock
from reports.models import IssuedReport, new_verification_code, report_number_for
from reports.render import Stamp, render_pdf
from reports.snapshot import build_snapshot


class AlreadyIssued(Exception):
    """This quarter's report in this language exists: only a correction of its latest revision may follow."""


class NotLatestRevision(Exception):
    """The correction names a revision that is not the latest one (someone corrected it first)."""


def draft_pdf(agreement: Agreement, period: Quarter, language: str) -> bytes:
    """A preview built from today's data, marked DRAFT on every page; nothing is stored."""
    return render_pdf(build_snapshot(agreement, period, language), Stamp(draft=True))


def _display_name(user) -> str:
    return user.get_full_name() or user.get_username()


@transaction.atomic
def issue_report(
    *,
    agreement: Agreement,
    period: Quarter,
    language: str,
    issued_by,
    replaces: IssuedReport | None = None,
    correction_reason: str = "",
) -> IssuedReport:
    """Build, store and lock. Refused when the quarter already has a report and this is not its correction."""
    # Lock the agreement row so two monitors issuing the same quarter at once queue up here and
    # the second one sees the first one's revision.
    Agreement.objects.select_for_update().filter(pk=agreement.pk).first()
    latest = IssuedReport.objects.latest_revision(agreement, period, language)
    if replaces is None and latest is not None:
        raise AlreadyIssued(latest.report_number)
    if replaces is not None and (latest is None or replaces.pk != latest.pk):
        raise NotLatestRevision(replaces.report_number)
    revision = latest.revision + 1 if latest else 1
    now = timezone.now()
    stamp = Stamp(
        draft=False,
        report_number=report_number_for(agreement, period, language, revision),
        verification_code=new_verification_code(),
        revision=revision,
        replaces_number=replaces.report_number if replaces else "",
        correction_reason=correction_reason if replaces else "",
        issued_at=now.isoformat(),
        issued_by=_display_name(issued_by),
    )
    # Lock first, then read: an evaluation saved from here on waits for this transaction and
    # then finds the quarter locked, so nothing can change behind the snapshot.
    _lock_quarter(agreement, period, issued_by, stamp.report_number)
    snapshot = build_snapshot(agreement, period, language, now=now)
    report = store_issued(
        agreement=agreement,
        period=period,
        language=language,
        stamp=stamp,
        replaces=replaces,
        snapshot=snapshot,
        pdf=render_pdf(snapshot, stamp),
        issued_by=issued_by,
        issued_at=now,
    )
    return report


def store_issued(*, agreement, period, language, stamp: Stamp, replaces, snapshot, pdf: bytes, issued_by, issued_at):
    """Write the row and the file of an issued revision, with the PDF's hash and size."""
    report = IssuedReport(
        agreement=agreement,
        year=period.year,
        quarter=period.number,
        language=language,
        revision=stamp.revision,
        replaces=replaces,
        correction_reason=stamp.correction_reason,
        report_number=stamp.report_number,
        verification_code=stamp.verification_code,
        snapshot=snapshot,
        sha256=hashlib.sha256(pdf).hexdigest(),
        size=len(pdf),
        issued_by=issued_by,
        issued_at=issued_at,
    )
    report._history_user = issued_by
    report.pdf.save(report.filename, ContentFile(pdf), save=False)
    try:
        with transaction.atomic():
            report.save()
    except BaseException:
        # The row is rolled back; the file would be left behind.
        report.pdf.delete(save=False)
        raise
    return report


def _lock_quarter(agreement: Agreement, period: Quarter, user, report_number: str) -> None:
    """Create or re-set the quarter's lock; the history records who locked it and with which report."""
    lock = QuarterLock.objects.select_for_update().filter(
        agreement=agreement, year=period.year, quarter=period.number
    ).first() or QuarterLock(agreement=agreement, year=period.year, quarter=period.number)
    if lock.pk and lock.locked:
        return
    lock.locked = True
    lock.changed_by = user
    lock.reason = f"Report {report_number} issued."
    lock._history_user = user
    lock.save()
