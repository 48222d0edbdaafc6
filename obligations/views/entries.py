"""Logging, editing and withdrawing progress entries: one transaction per submission."""

import logging

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from agreement.uploads import nameless_uploads
from obligations.access import (
    get_editable_entry_for_user,
    get_loggable_commitment_for_user,
    get_withdrawable_entry_for_user,
)
from obligations.forms import EditEntryForm, NewEntryForm, WithdrawEntryForm
from obligations.models import ProgressEntry
from obligations.services import (
    ConflictError,
    EntryInIssuedReport,
    EntryRefused,
    EvidenceNotStored,
    WorkDateRefused,
    entry_refusal,
    issued_report_holding,
    record_progress,
    update_entry,
    withdraw_entry,
)

logger = logging.getLogger("peyman.errors")


def _entry_url(commitment, entry) -> str:
    return reverse("commitment_detail", args=[commitment.agreement.reference, commitment.number]) + f"#entry-{entry.pk}"


def _context(request, commitment, **extra) -> dict:
    agreement = commitment.agreement
    return {
        "agreement": agreement,
        "commitment": commitment,
        **extra,
    }


def _not_stored(request, error: EvidenceNotStored):
    """The files could not be written: the entry's transaction rolled back, so say that nothing was
    saved and give the form back with what the person typed (files must be chosen again: browsers
    never refill a file field)."""
    logger.warning("Evidence not stored, nothing saved: %s %s: %s", request.method, request.path, error)
    messages.error(
        request,
        _(
            "The files could not be stored, so nothing was saved. Your text is kept below: attach the files "
            "again and send the form once more."
        ),
    )


def _refusal(request, form, error: EntryRefused) -> None:
    """The service refused the entry and nothing was written: say why, and mark the date when it is
    the date of the work that was refused (a locked quarter), which the person may change."""
    messages.error(request, _("Nothing was saved: %(reason)s") % {"reason": error})
    if isinstance(error, WorkDateRefused):
        form.add_error("happened_on", str(error))


def _refused(request):
    messages.error(request, _("Nothing was saved: please correct the marked fields."))


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def entry_create(request, reference, number):
    """Log progress on a commitment the user's party owes (its own or a joint one)."""
    commitment = get_loggable_commitment_for_user(request, reference, number)
    if request.method == "POST":
        form = NewEntryForm(
            request.POST, request.FILES, commitment=commitment, nameless=nameless_uploads(request, "evidence")
        )
        # A valid form meets the service's own check (EntryRefused below); an invalid one is told
        # first that the commitment takes no entries at all, rather than what to fix.
        if not form.is_valid() and (refusal := entry_refusal(commitment)):
            messages.error(request, _("Nothing was saved: %(reason)s") % {"reason": refusal})
            return render(request, "obligations/entry_form.html", _context(request, commitment, form=form), status=409)
        if form.is_valid() and not form.cleaned_data["confirm_duplicate"]:
            # The same key again is a resent form: the service answers it with the saved entry.
            # Only the key is read: the entry itself is loaded in the rare case there is one.
            duplicate_pk = (
                ProgressEntry.objects.identical_recent(
                    commitment=commitment, author=request.user, fields=form.entry_fields()
                )
                .exclude(submission_key=form.cleaned_data["submission_key"])
                .values_list("pk", flat=True)
                .first()
            )
            if duplicate_pk is not None:
                duplicate = ProgressEntry.objects.get(pk=duplicate_pk)
                # Most often Back then Save on a form re-rendered with a new key: ask first.
                context = _context(request, commitment, form=form, duplicate=duplicate, sent_files=bool(request.FILES))
                return render(request, "obligations/entry_form.html", context)
        if form.is_valid():
            try:
                entry, created = record_progress(
                    commitment=commitment,
                    author=request.user,
                    submission_key=form.cleaned_data["submission_key"],
                    evidence=form.cleaned_data["evidence"],
                    **form.entry_fields(),
                )
            except EvidenceNotStored as error:
                _not_stored(request, error)
                context = _context(request, commitment, form=form)
                return render(request, "obligations/entry_form.html", context)
            except EntryRefused as error:
                _refusal(request, form, error)
                context = _context(request, commitment, form=form)
                return render(request, "obligations/entry_form.html", context, status=409)
            if created:
                messages.success(request, _("Your progress entry was saved."))
                if form.is_well_below_verified:
                    messages.warning(request, form.below_verified_warning())
            else:
                # Tagged "saved": the page clears the draft of the form, which was saved the first time.
                messages.info(
                    request, _("This entry had already been saved; it was not saved twice."), extra_tags="saved"
                )
            return redirect(_entry_url(commitment, entry))
        _refused(request)
    else:
        form = NewEntryForm(commitment=commitment)
        if refusal := entry_refusal(commitment):
            messages.warning(request, refusal)
    return render(request, "obligations/entry_form.html", _context(request, commitment, form=form))


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def entry_edit(request, pk):
    """The author fixes an entry not yet accepted; a returned entry goes back for review."""
    entry = get_editable_entry_for_user(request, pk)
    commitment = entry.commitment
    attached = list(entry.evidence.all())
    if request.method == "POST":
        form = EditEntryForm(
            request.POST,
            request.FILES,
            entry=entry,
            already_attached=len(attached),
            nameless=nameless_uploads(request, "evidence"),
        )
        if form.is_valid():
            was_returned = entry.review_state == entry.ReviewState.RETURNED
            try:
                update_entry(
                    entry=entry,
                    expected_version=form.cleaned_data["version"],
                    evidence=form.cleaned_data["evidence"],
                    **form.entry_fields(),
                )
            except ConflictError:
                messages.error(request, _("This entry was changed meanwhile (perhaps reviewed); nothing was saved."))
            except EvidenceNotStored as error:
                _not_stored(request, error)
                context = _context(request, commitment, form=form, entry=entry, attached=attached)
                return render(request, "obligations/entry_form.html", context)
            except EntryRefused as error:
                _refusal(request, form, error)
                context = _context(request, commitment, form=form, entry=entry, attached=attached)
                return render(request, "obligations/entry_form.html", context, status=409)
            else:
                resubmitted = _("Your entry was corrected and sent back for review.")
                messages.success(request, resubmitted if was_returned else _("Your changes were saved."))
                if form.is_well_below_verified:
                    messages.warning(request, form.below_verified_warning())
            return redirect(_entry_url(commitment, entry))
        _refused(request)
    else:
        form = EditEntryForm(entry=entry, already_attached=len(attached))
    context = _context(request, commitment, form=form, entry=entry, attached=attached)
    return render(request, "obligations/entry_form.html", context)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def entry_withdraw(request, pk):
    """The author withdraws an entry, with a reason; it stays on the timeline, marked withdrawn."""
    entry = get_withdrawable_entry_for_user(request, pk)
    commitment = entry.commitment
    if number := issued_report_holding(entry):
        return _in_issued_report(request, commitment, number)
    if request.method == "POST":
        form = WithdrawEntryForm(request.POST)
        if form.is_valid():
            try:
                withdraw_entry(
                    entry=entry, reason=form.cleaned_data["reason"], expected_version=form.cleaned_data["version"]
                )
            except ConflictError:
                messages.error(request, _("This entry was changed meanwhile; it was not withdrawn."))
            except EntryInIssuedReport as issued:
                return _in_issued_report(request, commitment, str(issued))
            else:
                messages.success(request, _("The entry was withdrawn. It stays visible, marked as withdrawn."))
            return redirect(_entry_url(commitment, entry))
        _refused(request)
    else:
        form = WithdrawEntryForm(initial={"version": entry.version})
    return render(request, "obligations/entry_withdraw.html", _context(request, commitment, form=form, entry=entry))


def _in_issued_report(request, commitment, number: str):
    """An accepted entry in an issued report stays as it is: the author logs a correcting entry."""
    messages.error(
        request,
        _(
            "This entry is part of the issued report %(number)s, a permanent document, and cannot be withdrawn. "
            "Log a correcting entry instead; the next report shows it."
        )
        % {"number": number},
    )
    return redirect("entry_create", commitment.agreement.reference, commitment.number)
