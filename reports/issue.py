"""Issuing a report: render outside any lock, then one short transaction that stores the PDF, its
data and hash, locks the quarter and tells the agreement's people."""

from django.db import transaction
from django.utils import timezone

from agreement.formatting import person_name
from agreement.history_user import record_history_user
from agreement.jalali import Quarter
from agreement.models import Agreement
from agreement.pdf.issued import new_verification_code, store_issued_pdf
from agreement.pdf.seal import SealBox, identity_of, key_for
from agreement.pdf.sealing import Failed
from monitoring.models import Evaluation, QuarterLock
from notifications.models import Kind
from notifications.services import agreement_members, notify, site_path
from reports import sealing
from reports.models import IssuedReport, report_number_for
from reports.render import Stamp, render_pdf
from reports.snapshot import build_snapshot, completeness_figures


class IssueRefused(Exception):
    """Nothing was stored; `str(error)` names the report or quarter concerned."""


class AlreadyIssued(IssueRefused):
    """This quarter's report in this language exists: only a correction of its latest revision may follow."""


class NotLatestRevision(IssueRefused):
    """The correction names a revision that is not the latest one (someone corrected it first)."""


class QuarterNotOver(IssueRefused):
    """A quarter is issued only after its last day; a preview may be built at any time."""


class UnevaluatedNotAcknowledged(IssueRefused):
    """Some commitments have no evaluation for the quarter and the monitor did not tick that this is known."""


class DataChanged(IssueRefused):
    """An evaluation of the quarter changed while the report was being rendered: issue it again."""


def draft_pdf(agreement: Agreement, period: Quarter, language: str, *, processes: int = 1) -> bytes:
    """A preview built from today's data, marked DRAFT on every page; nothing is stored.

    `processes` above 1 lets a long report be laid out in that many processes at once (the worker's job).
    """
    return render_pdf(build_snapshot(agreement, period, language), Stamp(draft=True), processes=processes)


def completeness_of(agreement: Agreement, period: Quarter) -> dict:
    """What the report will say about its completeness, in a few counting queries (no rendering):
    the same function the report's snapshot uses, as of the same day."""
    return completeness_figures(agreement, period, min(period.last_day, timezone.localdate()))


def quarter_is_over(period: Quarter) -> bool:
    return period.last_day < timezone.localdate()


def _check_revision(latest: IssuedReport | None, replaces: IssuedReport | None) -> None:
    if replaces is None and latest is not None:
        raise AlreadyIssued(latest.report_number)
    if replaces is not None and (latest is None or replaces.pk != latest.pk):
        raise NotLatestRevision(replaces.report_number)


def _evaluations_fingerprint(agreement: Agreement, period: Quarter) -> list:
    return list(
        Evaluation.objects.filter(commitment__agreement=agreement, year=period.year, quarter=period.number)
        .order_by("pk")
        .values_list("pk", "rating", "assessment", "evaluated_at")
    )


def issue_report(
    *,
    agreement: Agreement,
    period: Quarter,
    language: str,
    issued_by,
    replaces: IssuedReport | None = None,
    correction_reason: str = "",
    accept_unevaluated: bool = False,
    processes: int = 1,
) -> IssuedReport:
    """Build, then store and lock. Refused (IssueRefused) before the quarter is over, when it already
    has a report and this is not its correction, or with unevaluated commitments not acknowledged.

    The render (minutes for a large quarter) holds no lock. The agreement row is locked only for
    the final transaction, which checks again that no one issued meanwhile and that no evaluation
    changed since the snapshot; so a refused or failed issue stores nothing.
    """
    if not quarter_is_over(period):
        raise QuarterNotOver(str(period))
    latest = IssuedReport.objects.latest_revision(agreement, period, language)
    _check_revision(latest, replaces)
    fingerprint = _evaluations_fingerprint(agreement, period)
    now = timezone.now()
    snapshot = build_snapshot(agreement, period, language, now=now)
    unevaluated = snapshot["completeness"]["unevaluated"]
    if unevaluated and not accept_unevaluated:
        raise UnevaluatedNotAcknowledged(str(len(unevaluated)))
    revision = latest.revision + 1 if latest else 1
    monitor = agreement.monitoring_party
    key = key_for(monitor.code) if monitor else None
    code = new_verification_code()
    stamp = Stamp(
        draft=False,
        report_number=report_number_for(agreement, period, language, revision),
        verification_code=code,
        revision=revision,
        replaces_number=replaces.report_number if replaces else "",
        correction_reason=correction_reason if replaces else "",
        issued_at=now.isoformat(),
        issued_by=person_name(issued_by),
        unevaluated_acknowledged=bool(unevaluated),
        seal=SealBox(identity=identity_of(key) if key else None, at=now, code=code),
    )
    pdf = render_pdf(snapshot, stamp, processes=processes)
    seal_failed: Failed | None = None
    if key is not None and monitor is not None:
        # The monitoring party's seal (PAdES B-LT), still outside any lock: it asks the timestamp
        # authority and the revocation services over the network. When they do not answer, the
        # report is issued all the same and sealed later (reports/sealing.py).
        try:
            pdf = sealing.seal(pdf, monitor.code)
        except Failed as error:
            seal_failed = error
    report = None
    try:
        with transaction.atomic():
            # Two monitors issuing the same quarter queue up here, and evaluations wait on this row.
            Agreement.objects.select_for_update().filter(pk=agreement.pk).first()
            again = IssuedReport.objects.latest_revision(agreement, period, language)
            if (again and again.pk) != (latest and latest.pk):
                if replaces is None:
                    raise AlreadyIssued(again.report_number)
                raise NotLatestRevision(replaces.report_number)
            if _evaluations_fingerprint(agreement, period) != fingerprint:
                raise DataChanged(str(period))
            _lock_quarter(agreement, period, issued_by, stamp.report_number)
            report = store_issued(
                agreement=agreement,
                period=period,
                language=language,
                stamp=stamp,
                replaces=replaces,
                snapshot=snapshot,
                pdf=pdf,
                issued_by=issued_by,
                issued_at=now,
                seal_failed=seal_failed,
            )
            if seal_failed is not None:
                sealing.queue_after_issue(report)
            _tell_members(report)
    except BaseException:
        # The transaction rolled the row back; its file must not stay behind either.
        if report is not None:
            report.pdf.delete(save=False)
        raise
    return report


def _tell_members(report: IssuedReport) -> None:
    """Both parties' members and the joint committee hear of an issued report (or revision)."""
    agreement = report.agreement
    path = site_path("report_list", agreement.reference)
    notify(
        recipients=agreement_members(agreement).values_list("pk", flat=True),
        kind=Kind.REPORT_ISSUED,
        event_key=f"report_issued:{report.pk}",
        agreement=agreement,
        params={"number": report.report_number, "quarter": str(report.period), "language": report.language},
        path=path,
    )


def store_issued(
    *,
    agreement,
    period,
    language,
    stamp: Stamp,
    replaces,
    snapshot,
    pdf: bytes,
    issued_by,
    issued_at,
    seal_failed: BaseException | None = None,
):
    """Write the row and the file of an issued revision, with the PDF's hash and size; with
    `seal_failed`, the unsealed file, no hash, and the row waiting for its seal."""
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
        issued_by=issued_by,
        issued_at=issued_at,
    )
    if seal_failed is not None:
        sealing.mark_pending(report, seal_failed.__cause__ or seal_failed)
    record_history_user(report, issued_by)
    store_issued_pdf(report, pdf, final=seal_failed is None)
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
    record_history_user(lock, user)
    lock.save()
