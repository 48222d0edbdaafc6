"""Quarterly PDF reports: list, draft preview, issue, correct, download, verify."""

from functools import wraps

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from agreement import permissions
from agreement.access import get_agreement_for_user, require
from agreement.downloads import content_disposition
from agreement.pdf.seal import chain_pem
from reports import jobs
from reports.forms import CorrectionForm, IssueForm, ReportRequestForm, VerificationForm
from reports.issue import completeness_of, quarter_is_over
from reports.models import IssuedReport, ReportJob
from reports.verify import (
    find_by_code,
    find_by_file,
    find_minutes_by_code,
    find_minutes_by_file,
    seals_in_upload,
)

# How often a job's page reloads itself (meta refresh) until the job is done or failed.
REFRESH_SECONDS = 2
RECENT_JOBS = 5


def _list_page(request, agreement, form, status=200):
    reports = list(
        IssuedReport.objects.filter(agreement=agreement)
        .select_related("issued_by", "replaces")
        .order_by("-year", "-quarter", "language", "-revision")
    )
    replaced = {report.replaces_id for report in reports if report.replaces_id}
    can_issue = permissions.can_issue_report(request.user, agreement)
    context = {
        "agreement": agreement,
        "can_issue": can_issue,
        "reports": [(report, report.pk not in replaced) for report in reports],
        "form": form if can_issue else None,
        # A monitor who left a job's page finds it again here.
        "jobs": list(
            ReportJob.objects.filter(agreement=agreement).select_related("requested_by", "report")[:RECENT_JOBS]
        )
        if can_issue
        else [],
    }
    return render(request, "reports/list.html", context, status=status)


@login_required
@require_safe
def report_list(request, reference):
    """Issued reports by quarter and language; monitors also get the preview and issue form."""
    agreement = get_agreement_for_user(request, reference)
    return _list_page(request, agreement, ReportRequestForm(agreement=agreement))


def _job_url(job):
    return redirect("report_job", job.agreement.reference, job.pk)


@login_required
@require_POST
def report_preview(request, reference):
    """Queue a draft of today's data (DRAFT on every page) and answer at once with the job's page."""
    agreement = get_agreement_for_user(request, reference)
    require(permissions.can_issue_report(request.user, agreement))
    form = ReportRequestForm(request.POST, agreement=agreement)
    if not form.is_valid():
        return _list_page(request, agreement, form, status=400)
    period = form.cleaned_data["quarter"]
    job = jobs.request_job(
        agreement=agreement,
        kind=ReportJob.Kind.PREVIEW,
        year=period.year,
        quarter=period.number,
        language=form.cleaned_data["language"],
        requested_by=request.user,
    )
    return _job_url(job)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def report_issue(request, reference):
    """GET: what issuing will do and what the report says about completeness; POST: queue the issue."""
    agreement = get_agreement_for_user(request, reference)
    require(permissions.can_issue_report(request.user, agreement))
    data = request.POST if request.method == "POST" else request.GET
    # The list page's "Issue the report…" posts its form (with the CSRF token, which a GET would
    # put in the address) and step=review: a first look at this page, not the confirmation.
    first_look = request.method != "POST" or data.get("step") == "review"
    form = IssueForm(data, agreement=agreement)
    valid = form.is_valid()
    period = form.cleaned_data.get("quarter")
    if first_look:
        # A first look is not a failed submission: the unticked box is not marked invalid.
        form.errors.pop("accept_unevaluated", None)
    if not first_look and valid:
        assert period is not None  # a required field of a valid form
        job = jobs.request_job(
            agreement=agreement,
            kind=ReportJob.Kind.ISSUE,
            year=period.year,
            quarter=period.number,
            language=form.cleaned_data["language"],
            requested_by=request.user,
            accept_unevaluated=form.cleaned_data["accept_unevaluated"],
        )
        return _job_url(job)
    if period is None:
        return _list_page(request, agreement, form, status=400)
    language = form.cleaned_data.get("language", "fa")
    context = {
        "agreement": agreement,
        "can_review": True,
        "form": form,
        "period": period,
        "language_label": dict(IssuedReport.Language.choices).get(language, language),
        "completeness": form.completeness or completeness_of(agreement, period),
        "quarter_over": quarter_is_over(period),
        "issued": IssuedReport.objects.latest_revision(agreement, period, language),
        # A first look at the page is not a failed submission: errors show only after a POST.
        "show_errors": not first_look,
    }
    status = 200 if first_look else 400
    return render(request, "reports/issue_confirm.html", context, status=status)


def _report_for(request, reference, pk) -> tuple:
    agreement = get_agreement_for_user(request, reference)
    report = get_object_or_404(IssuedReport.objects.select_related("replaced_by"), agreement=agreement, pk=pk)
    return agreement, report


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def report_correct(request, reference, pk):
    """Queue a new revision that replaces the latest one, with the reason for the correction."""
    agreement, report = _report_for(request, reference, pk)
    require(permissions.can_issue_report(request.user, agreement))
    form = CorrectionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        job = jobs.request_job(
            agreement=agreement,
            kind=ReportJob.Kind.CORRECT,
            year=report.year,
            quarter=report.quarter,
            language=report.language,
            requested_by=request.user,
            replaces=report,
            correction_reason=form.cleaned_data["reason"],
            # A correction reissues a quarter the monitor already chose to issue as it stood.
            accept_unevaluated=True,
        )
        return _job_url(job)
    context = {
        "agreement": agreement,
        "report": report,
        "form": form,
    }
    return render(request, "reports/correct.html", context, status=400 if form.errors else 200)


def _job_for(request, reference, pk):
    """A report job of this agreement, for its monitors; 404 outside the agreement, 403 for other readers."""
    agreement = get_agreement_for_user(request, reference)
    job = get_object_or_404(
        ReportJob.objects.select_related("requested_by", "report", "replaces"), agreement=agreement, pk=pk
    )
    require(permissions.can_issue_report(request.user, agreement))
    return agreement, job


@login_required
@require_safe
def report_job(request, reference, pk):
    """Where a preview, issue or correction stands; refreshes itself until it is done or failed."""
    agreement, job = _job_for(request, reference, pk)
    context = {
        "agreement": agreement,
        "can_review": True,
        "job": job,
        "failure": jobs.failure_message(job) if job.state == ReportJob.State.FAILED else "",
        "may_retry": job.may_retry(timezone.now()),
        "refresh_seconds": REFRESH_SECONDS,
    }
    return render(request, "reports/job.html", context)


@login_required
@require_safe
def report_job_pdf(request, reference, pk):
    """The draft a preview job built."""
    _agreement, job = _job_for(request, reference, pk)
    if job.kind != ReportJob.Kind.PREVIEW or job.state != ReportJob.State.DONE or not job.draft:
        raise Http404
    filename = f"draft-{job.agreement.reference}-{job.period}-{job.language}.pdf"
    response = FileResponse(job.draft.open("rb"), content_type="application/pdf")
    response["Content-Disposition"] = content_disposition(filename, attachment=False)
    return response


@login_required
@require_POST
def report_job_retry(request, reference, pk):
    """Ask for a failed job again."""
    _agreement, job = _job_for(request, reference, pk)
    if not job.may_retry(timezone.now()):
        return _job_url(job)
    return _job_url(jobs.again(job, request.user))


@login_required
@require_safe
def report_download(request, reference, pk):
    """The stored bytes of an issued report, exactly as issued; never rendered again."""
    agreement, report = _report_for(request, reference, pk)
    if report.is_sealing:
        # Issued, its seal not yet applied: the unsealed file is not the document (the list says "sealing…").
        return redirect("report_list", agreement.reference)
    response = FileResponse(report.pdf.open("rb"), content_type="application/pdf")
    response["Content-Disposition"] = content_disposition(report.filename)
    return response


def _signed_in_unless_public(view):
    """Verification is for anyone signed in, and for everyone when PEYMAN_PUBLIC_VERIFICATION is on."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not settings.PEYMAN_PUBLIC_VERIFICATION and not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    return wrapper


@_signed_in_unless_public
@require_http_methods(["GET", "HEAD", "POST"])
def report_verify(request):
    """Check an uploaded PDF or a verification code against the issued documents, and report the
    electronic seals an uploaded file carries (checked offline against the trust roots)."""
    form = VerificationForm(request.POST or None, request.FILES or None)
    checked = found = minutes = seals = None
    if request.method == "POST" and form.is_valid():
        upload, code = form.cleaned_data["file"], form.cleaned_data["code"]
        checked = "file" if upload else "code"
        found = find_by_file(upload) if upload else find_by_code(code)
        if found is None:
            minutes = find_minutes_by_file(upload) if upload else find_minutes_by_code(code)
        if upload:
            seals = seals_in_upload(upload)
    context = {
        "form": form,
        "checked": checked,
        "found": found,
        "minutes": minutes,
        "seals": seals,
        "chain_available": bool(settings.PEYMAN_SEAL_TRUST_ROOTS),
    }
    return render(request, "reports/verify.html", context, status=400 if form.errors else 200)


@_signed_in_unless_public
@require_safe
def report_verify_chain(request):
    """The installation's trust roots and seal certificates (PEM), to install in a PDF reader."""
    if not settings.PEYMAN_SEAL_TRUST_ROOTS:
        raise Http404
    response = HttpResponse(chain_pem(), content_type="application/pem-certificate-chain")
    response["Content-Disposition"] = 'attachment; filename="peyman-seal-chain.pem"'
    return response
