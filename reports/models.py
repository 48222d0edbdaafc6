"""Issued quarterly reports: the stored PDF, the data it was built from, and how to verify it."""

import datetime as dt
import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from agreement.jalali import Quarter
from agreement.models import Agreement


def report_path(instance, filename):
    # Named after the report, never after anything a user typed.
    return f"reports/{instance.agreement_id}/{instance.report_number}.pdf"


class IssuedReportQuerySet(models.QuerySet):
    def for_quarter(self, agreement, period: Quarter, language: str):
        return self.filter(agreement=agreement, year=period.year, quarter=period.number, language=language)

    def latest_revision(self, agreement, period: Quarter, language: str):
        return self.for_quarter(agreement, period, language).order_by("-revision").first()


class IssuedReport(models.Model):
    """One issued revision of one agreement's report for one Jalali quarter in one language.

    Never edited after it is written: a correction is a new revision that names the one it replaces.
    The one exception is its seal: a report issued while the timestamp authority did not answer
    is stored unsealed with `sealing` "pending" and no SHA-256 (its file is not offered, the
    verification page says "sealing…"), and reports/sealing.py's job seals it, retried until it
    succeeds; its hash is final from then on.
    """

    class Sealing(models.TextChoices):
        PENDING = "pending", _("Sealing")
        DONE = "done", _("Sealed or final")

    class Language(models.TextChoices):
        PERSIAN = "fa", _("Persian")
        ENGLISH = "en", _("English")

    agreement = models.ForeignKey(Agreement, on_delete=models.PROTECT, related_name="issued_reports")
    year = models.PositiveSmallIntegerField(_("Jalali year"))
    quarter = models.PositiveSmallIntegerField(_("quarter"))
    language = models.CharField(_("language"), max_length=2, choices=Language)
    revision = models.PositiveSmallIntegerField(_("revision"), default=1)
    replaces = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="replaced_by",
        verbose_name=_("replaces"),
    )
    correction_reason = models.TextField(_("reason for the correction"), blank=True)
    report_number = models.CharField(_("report number"), max_length=40)
    verification_code = models.CharField(_("verification code"), max_length=16)
    pdf = models.FileField(_("PDF"), upload_to=report_path, max_length=200)
    snapshot = models.JSONField(_("data the report was built from"))
    # Empty while the seal is pending: the unsealed file is not the document yet.
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    size = models.PositiveIntegerField(_("size in bytes"))
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    issued_at = models.DateTimeField(_("issued at"))
    sealing = models.CharField(_("sealing"), max_length=8, choices=Sealing, default=Sealing.DONE)
    sealing_since = models.DateTimeField(_("sealing since"), null=True, blank=True)
    sealing_tries = models.PositiveIntegerField(_("failed sealing tries"), default=0)
    sealing_error = models.TextField(_("last sealing error"), blank=True)
    history = HistoricalRecords(excluded_fields=["sealing_tries", "sealing_error"])
    objects = IssuedReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("issued report")
        verbose_name_plural = _("issued reports")
        ordering = ["-year", "-quarter", "language", "-revision"]
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "year", "quarter", "language", "revision"],
                name="issued_report_revision_once",
            ),
            models.UniqueConstraint(fields=["report_number"], name="issued_report_number_unique"),
            models.UniqueConstraint(fields=["verification_code"], name="issued_report_code_unique"),
            # Verification of an uploaded file looks the report up by its hash.
            models.UniqueConstraint(fields=["sha256"], condition=~Q(sha256=""), name="issued_report_sha256_unique"),
            models.CheckConstraint(condition=Q(quarter__gte=1, quarter__lte=4), name="issued_report_quarter_1_to_4"),
            models.CheckConstraint(condition=Q(language__in=["fa", "en"]), name="issued_report_language_is_known"),
            # No hash only while the seal is pending.
            models.CheckConstraint(
                condition=Q(sha256__regex=r"^[0-9a-f]{64}$") | (Q(sha256="") & Q(sealing="pending")),
                name="issued_report_sha256_is_hex",
            ),
            models.CheckConstraint(condition=Q(sealing__in=["pending", "done"]), name="issued_report_sealing_known"),
            models.CheckConstraint(
                condition=(Q(revision=1) & Q(replaces__isnull=True))
                | (Q(revision__gt=1) & Q(replaces__isnull=False) & ~Q(correction_reason="")),
                name="issued_report_correction_names_what_it_replaces",
            ),
        ]
        indexes = [
            # The operators' list of reports still sealing (reports.sealing.pending, the admin).
            models.Index(fields=["sealing_since"], condition=Q(sealing="pending"), name="issued_report_pending"),
        ]

    def __str__(self):
        return self.report_number

    @property
    def period(self) -> Quarter:
        return Quarter(self.year, self.quarter)

    @property
    def is_sealing(self) -> bool:
        """Issued, its seal not yet applied: the file is not offered as the issued document."""
        return self.sealing == self.Sealing.PENDING

    @property
    def is_current(self) -> bool:
        """False once a later revision replaces it (needs `replaced_by` loaded or a query)."""
        return not hasattr(self, "replaced_by")

    @property
    def filename(self) -> str:
        return f"{self.report_number}.pdf"


def report_number_for(agreement: Agreement, period: Quarter, language: str, revision: int) -> str:
    """'P1-1403Q3-FA-R2': agreement, quarter, language and revision, readable on paper."""
    return f"P{agreement.pk}-{period.year}Q{period.number}-{language.upper()}-R{revision}"


# No report takes this long to render (the largest measured: about 3 minutes for 5,000 entries).
JOB_ABANDONED_AFTER = dt.timedelta(minutes=30)


def draft_path(instance, filename):
    return f"report-drafts/{instance.agreement_id}/{instance.pk}-{secrets.token_hex(8)}.pdf"


class ReportJob(models.Model):
    """A request to preview, issue or correct a report, done by a background worker.

    The request answers at once with this job's page; the worker renders outside any lock and,
    for an issue, stores the result in one short transaction (see reports.issue). A failed job
    stores nothing but its reason, and can be asked for again.
    """

    class Kind(models.TextChoices):
        PREVIEW = "preview", _("Preview")
        ISSUE = "issue", _("Issue")
        CORRECT = "correct", _("Correction")

    class State(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RENDERING = "rendering", _("Rendering")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="report_jobs")
    kind = models.CharField(_("kind"), max_length=16, choices=Kind)
    year = models.PositiveSmallIntegerField(_("Jalali year"))
    quarter = models.PositiveSmallIntegerField(_("quarter"))
    language = models.CharField(_("language"), max_length=2, choices=IssuedReport.Language)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    replaces = models.ForeignKey(IssuedReport, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    correction_reason = models.TextField(_("reason for the correction"), blank=True)
    # The monitor ticked "issue although some commitments are not evaluated"; printed in the report.
    accept_unevaluated = models.BooleanField(_("issue with commitments not evaluated"), default=False)
    state = models.CharField(_("state"), max_length=16, choices=State, default=State.QUEUED)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    failure = models.TextField(_("why it failed"), blank=True)
    draft = models.FileField(_("draft PDF"), upload_to=draft_path, max_length=200, blank=True)
    report = models.ForeignKey(IssuedReport, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("report job")
        verbose_name_plural = _("report jobs")
        ordering = ["-requested_at"]
        constraints = [
            models.CheckConstraint(condition=Q(quarter__gte=1, quarter__lte=4), name="report_job_quarter_1_to_4"),
            models.CheckConstraint(condition=Q(language__in=["fa", "en"]), name="report_job_language_is_known"),
            models.CheckConstraint(
                condition=Q(kind__in=["preview", "issue", "correct"]), name="report_job_kind_is_known"
            ),
            models.CheckConstraint(
                condition=~Q(kind="correct") | (Q(replaces__isnull=False) & ~Q(correction_reason="")),
                name="report_job_correction_names_what_and_why",
            ),
            models.CheckConstraint(
                condition=~Q(state="failed") | ~Q(failure=""), name="report_job_failure_has_a_reason"
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.period} {self.language}"

    @property
    def period(self) -> Quarter:
        return Quarter(self.year, self.quarter)

    @property
    def is_finished(self) -> bool:
        return self.state in (self.State.DONE, self.State.FAILED)

    def may_retry(self, now) -> bool:
        """Failed, or rendering so long that its worker must have died (a restart mid-render).
        Retrying a job that is in fact still running is harmless: issuing checks again at the end."""
        if self.state == self.State.FAILED:
            return True
        return (
            self.state == self.State.RENDERING
            and self.started_at is not None
            and now - self.started_at > JOB_ABANDONED_AFTER
        )


def issued_report_number_for_entry(entry) -> str | None:
    """The first issued report of the quarter of the entry's work, in either language: an entry
    of that quarter is part of it (obligations.services.issued_report_holding)."""
    period = Quarter.containing(entry.happened_on)
    return (
        IssuedReport.objects.filter(agreement_id=entry.commitment.agreement_id, year=period.year, quarter=period.number)
        .order_by("issued_at", "pk")
        .values_list("report_number", flat=True)
        .first()
    )
