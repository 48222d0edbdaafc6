"""Quarterly PDF reports: list, draft preview, issue, correct, download, verify."""

from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import FileResponse, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from agreement import permissions
from agreement.access import get_agreement_for_user, require
from reports.forms import CorrectionForm, ReportRequestForm, VerificationForm
from reports.issue import AlreadyIssued, NotLatestRevision, draft_pdf, issue_report
from reports.models import IssuedReport
from reports.verify import find_by_code, find_by_file, find_minutes_by_code, find_minutes_by_file


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
        "can_review": permissions.is_monitor(request.user, agreement),
        "can_issue": can_issue,
        "reports": [(report, report.pk not in replaced) for report in reports],
        "form": form if can_issue else None,
    }
    return render(request, "reports/list.html", context, status=status)


@login_required
@require_safe
def report_list(request, reference):
    """Issued reports by quarter and language; monitors also get the preview and issue form."""
    agreement = get_agreement_for_user(request, reference)
    return _list_page(request, agreement, ReportRequestForm(agreement=agreement))


@login_required
@require_safe
def report_preview(request, reference):
    """A draft PDF of today's data, DRAFT on every page; nothing is stored."""
    agreement = get_agreement_for_user(request, reference)
    require(permissions.can_issue_report(request.user, agreement))
    form = ReportRequestForm(request.GET, agreement=agreement)
    if not form.is_valid():
        return _list_page(request, agreement, form, status=400)
    period, language = form.cleaned_data["quarter"], form.cleaned_data["language"]
    response = HttpResponse(draft_pdf(agreement, period, language), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="draft-{agreement.reference}-{period}-{language}.pdf"'
    return response


@login_required
@require_POST
def report_issue(request, reference):
    """Issue the quarter's report in one language: stored, hashed, numbered, and the quarter locked."""
    agreement = get_agreement_for_user(request, reference)
    require(permissions.can_issue_report(request.user, agreement))
    form = ReportRequestForm(request.POST, agreement=agreement)
    if not form.is_valid():
        return _list_page(request, agreement, form, status=400)
    try:
        report = issue_report(
            agreement=agreement,
            period=form.cleaned_data["quarter"],
            language=form.cleaned_data["language"],
            issued_by=request.user,
        )
    except AlreadyIssued as error:
        messages.error(
            request,
            _("This quarter's report in this language was already issued (%(number)s). Issue a correction instead.")
            % {"number": error},
        )
        return redirect("report_list", agreement.reference)
    messages.success(
        request,
        _("Report %(number)s issued; the quarter's evaluations are now locked.") % {"number": report.report_number},
    )
    return redirect("report_list", agreement.reference)


def _report_for(request, reference, pk) -> tuple:
    agreement = get_agreement_for_user(request, reference)
    report = get_object_or_404(IssuedReport.objects.select_related("replaced_by"), agreement=agreement, pk=pk)
    return agreement, report


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def report_correct(request, reference, pk):
    """Issue a new revision that replaces the latest one, with the reason for the correction."""
    agreement, report = _report_for(request, reference, pk)
    require(permissions.can_issue_report(request.user, agreement))
    form = CorrectionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            revision = issue_report(
                agreement=agreement,
                period=report.period,
                language=report.language,
                issued_by=request.user,
                replaces=report,
                correction_reason=form.cleaned_data["reason"],
            )
        except NotLatestRevision:
            messages.error(request, _("A later revision of this report exists; correct that one instead."))
            return redirect("report_list", agreement.reference)
        messages.success(request, _("Revision %(number)s issued.") % {"number": revision.report_number})
        return redirect("report_list", agreement.reference)
    context = {
        "agreement": agreement,
        "can_review": permissions.is_monitor(request.user, agreement),
        "report": report,
        "form": form,
    }
    return render(request, "reports/correct.html", context, status=400 if form.errors else 200)


@login_required
@require_safe
def report_download(request, reference, pk):
    """The stored bytes of an issued report, exactly as issued; never rendered again."""
    _agreement, report = _report_for(request, reference, pk)
    return FileResponse(
        report.pdf.open("rb"), as_attachment=True, filename=report.filename, content_type="application/pdf"
    )


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
    """Check an uploaded PDF or a verification code against the issued reports."""
    form = VerificationForm(request.POST or None, request.FILES or None)
    checked = found = minutes = None
    if request.method == "POST" and form.is_valid():
        upload, code = form.cleaned_data["file"], form.cleaned_data["code"]
        checked = "file" if upload else "code"
        found = find_by_file(upload) if upload else find_by_code(code)
        if found is None:
            minutes = find_minutes_by_file(upload) if upload else find_minutes_by_code(code)
    context = {"form": form, "checked": checked, "found": found, "minutes": minutes}
    return render(request, "reports/verify.html", context, status=400 if form.errors else 200)
