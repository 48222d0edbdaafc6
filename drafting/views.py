"""The drafting pages: a new agreement, its commitments typed in or imported, and its activation."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import IntegrityError, transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from agreement import permissions
from agreement.access import get_agreement_for_user, require
from agreement.history_user import record_history_user
from agreement.models import Agreement
from drafting import importer
from drafting.access import get_draft_for_user, require_drafter
from drafting.forms import CommitmentForm, DiscardForm, DraftForm, ImportForm, RenewalForm, party_count
from drafting.models import CommitmentImport
from drafting.services import (
    DraftError,
    activate_draft,
    create_draft,
    discard_draft,
    draft_renewal,
    open_commitments,
)
from obligations.models import Commitment

SHOWN_ROWS = 200  # of a preview's errors and changes; the counts say how many there are in all


@login_required
@require_safe
def draft_list(request):
    """The drafts not yet live, for those who draft them."""
    require_drafter(request)
    drafts = Agreement.objects.filter(status=Agreement.Status.DRAFT).prefetch_related("signatories__party")
    discarded = (
        Agreement.objects.filter(status=Agreement.Status.DISCARDED)
        .select_related("discarded_by")
        .only("reference", "title_fa", "title_en", "discarded_at", "discard_reason", "discarded_by")
        .order_by("-discarded_at")
    )
    return render(request, "drafting/list.html", {"drafts": drafts.order_by("-pk"), "discarded": discarded})


@login_required
@require_http_methods(["GET", "POST"])
def draft_new(request):
    """A new agreement as a draft: its parties (existing or new), monitor, signatories, dates, counties."""
    require_drafter(request)
    if "add_party" in request.POST:
        # One more party's block, with what was typed so far and no errors yet (nothing is saved).
        count = party_count(request.POST.get("party_count")) + 1
        skipped = ("csrfmiddlewaretoken", "add_party")
        typed = {name: request.POST.get(name) for name in request.POST if name not in skipped}
        form = DraftForm(initial={**typed, "party_count": count}, parties=count)
        return render(request, "drafting/new.html", {"form": form})
    form = DraftForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        agreement = create_draft(
            by=request.user,
            parties=form.parties(),
            **{
                name: data[name]
                for name in (
                    "reference",
                    "title_fa",
                    "title_en",
                    "signed_on",
                    "starts_on",
                    "ends_on",
                    "purpose_fa",
                    "purpose_en",
                    "counties",
                )
            },
        )
        messages.success(request, _("The draft is saved. Add its commitments: type them in or import a spreadsheet."))
        return redirect("draft_detail", agreement.reference)
    return render(request, "drafting/new.html", {"form": form})


def _detail(request, agreement, *, commitment_form=None, import_form=None, status=200):
    commitments = (
        Commitment.objects.filter(agreement=agreement)
        .select_related("owner", "carried_from")
        .order_by("position", "number")
    )
    return render(
        request,
        "drafting/detail.html",
        {
            "agreement": agreement,
            "commitments": commitments,
            "commitment_form": commitment_form or CommitmentForm(agreement=agreement),
            "import_form": import_form or ImportForm(),
        },
        status=status,
    )


@login_required
@require_safe
def draft_detail(request, reference):
    """A draft: what it says so far, its commitments, and the ways to add more."""
    return _detail(request, get_draft_for_user(request, reference))


@login_required
@require_POST
def commitment_add(request, reference):
    """One commitment typed in."""
    agreement = get_draft_for_user(request, reference)
    form = CommitmentForm(request.POST, agreement=agreement)
    if not form.is_valid():
        return _detail(request, agreement, commitment_form=form, status=400)
    commitment = form.save(commit=False)
    last = Commitment.objects.filter(agreement=agreement).order_by("-position").values_list("position", flat=True)
    commitment.position = (last.first() or 0) + 1
    record_history_user(commitment, request.user)
    try:
        with transaction.atomic():
            Agreement.objects.figures_changed(agreement.pk)
            commitment.save()
    except IntegrityError:  # the same number added by someone else since the form was checked
        form.add_error("number", _("This party already owes a commitment with this number."))
        return _detail(request, agreement, commitment_form=form, status=400)
    messages.success(request, _("Commitment %(number)s is added.") % {"number": commitment.number})
    return redirect("draft_detail", agreement.reference)


def _draft_commitment(agreement, pk) -> Commitment:
    """One of the draft's commitments (404 for another agreement's)."""
    return get_object_or_404(
        Commitment.objects.select_related("carried_from__agreement", "owner"), agreement=agreement, pk=pk
    )


@login_required
@require_http_methods(["GET", "POST"])
def commitment_edit(request, reference, pk):
    """One commitment of a draft edited: text, owner, indicator, due date. A carried one is offered
    the progress its predecessor reached as its baseline (a button that fills the box, not a rule)."""
    agreement = get_draft_for_user(request, reference)
    commitment = _draft_commitment(agreement, pk)
    predecessor = commitment.carried_from
    if "use_reached" in request.POST and predecessor is not None and reached_by(predecessor) is not None:
        # The box filled with what the predecessor reached, the rest as typed; nothing is saved yet.
        typed = {name: request.POST.get(name) for name in request.POST if name not in ("csrfmiddlewaretoken",)}
        typed["indicator_baseline"] = str(reached_by(predecessor))
        form = CommitmentForm(agreement=agreement, instance=commitment, initial=typed)  # checked on saving
        return _edit_page(request, agreement, commitment, form)
    form = CommitmentForm(request.POST or None, agreement=agreement, instance=commitment)
    if request.method == "POST":
        if not form.is_valid():
            return _edit_page(request, agreement, commitment, form, status=400)
        edited = form.save(commit=False)
        record_history_user(edited, request.user)
        try:
            with transaction.atomic():
                Agreement.objects.figures_changed(agreement.pk)
                edited.save()
        except IntegrityError:  # the same number taken by someone else since the form was checked
            form.add_error("number", _("This party already owes a commitment with this number."))
            return _edit_page(request, agreement, commitment, form, status=400)
        messages.success(request, _("Commitment %(number)s is saved.") % {"number": edited.number})
        return redirect("draft_detail", agreement.reference)
    return _edit_page(request, agreement, commitment, form)


def reached_by(predecessor: Commitment):
    """What the predecessor reached, in its indicator's unit: its verified progress as a share of the
    way from its baseline to its target; None when it has no target (nothing in a unit to offer)."""
    baseline, target = predecessor.indicator_baseline, predecessor.indicator_target
    if target is None:
        return None
    start = baseline or 0
    return round(start + (target - start) * predecessor.progress_verified / 100, 2)


def _edit_page(request, agreement, commitment, form, status=200):
    predecessor = commitment.carried_from
    return render(
        request,
        "drafting/commitment_edit.html",
        {
            "agreement": agreement,
            "commitment": commitment,
            "form": form,
            "predecessor": predecessor,
            "reached": reached_by(predecessor) if predecessor is not None else None,
        },
        status=status,
    )


@login_required
@require_POST
def commitment_remove(request, reference, pk):
    """One commitment taken out of a draft (its history keeps who and when); a live agreement's
    commitments change only through an amendment."""
    agreement = get_draft_for_user(request, reference)
    commitment = _draft_commitment(agreement, pk)
    number = commitment.number
    record_history_user(commitment, request.user)
    with transaction.atomic():
        Agreement.objects.figures_changed(agreement.pk)
        commitment.delete()
    messages.success(request, _("Commitment %(number)s is removed from the draft.") % {"number": number})
    return redirect("draft_detail", agreement.reference)


@login_required
@require_POST
def import_upload(request, reference):
    """A spreadsheet kept for its preview; nothing is stored in the agreement yet."""
    agreement = get_draft_for_user(request, reference)
    form = ImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return _detail(request, agreement, import_form=form, status=400)
    upload = form.cleaned_data["file"]
    if upload.size > importer.MAX_BYTES:
        form.add_error("file", _("The file is larger than 20 MB; split it into several files."))
        return _detail(request, agreement, import_form=form, status=400)
    content = upload.read()
    kept = importer.upload_file(agreement=agreement, content=content, filename=upload.name, user=request.user)
    return redirect("import_preview", agreement.reference, kept.pk)


@login_required
@require_safe
def import_preview(request, reference, pk):
    """Every row checked: the errors by row and column, or what applying would add and change."""
    agreement = get_draft_for_user(request, reference)
    upload = get_object_or_404(CommitmentImport, agreement=agreement, pk=pk)
    file_error, preview = "", None
    if not upload.is_applied:
        try:
            preview = importer.preview_file(agreement, bytes(upload.content))
        except importer.FileError as error:
            file_error = str(error)
    return render(
        request,
        "drafting/preview.html",
        {
            "agreement": agreement,
            "upload": upload,
            "preview": preview,
            "file_error": file_error,
            "shown": SHOWN_ROWS,
            "errors": preview.errors[:SHOWN_ROWS] if preview else [],
            "changes": sorted(preview.added + preview.changed, key=lambda c: c.row)[:SHOWN_ROWS] if preview else [],
        },
    )


@login_required
@require_POST
def import_apply(request, reference, pk):
    """Store every row of the checked file, or none."""
    agreement = get_draft_for_user(request, reference)
    upload = get_object_or_404(CommitmentImport, agreement=agreement, pk=pk)
    try:
        applied = importer.apply_import(upload=upload, user=request.user)
    except (importer.ImportRefused, importer.FileError) as error:
        messages.error(request, str(error))
        return redirect("import_preview", agreement.reference, upload.pk)
    messages.success(
        request,
        _("Imported: %(added)s commitments added, %(changed)s changed.")
        % {"added": applied.created, "changed": applied.updated},
    )
    return redirect("draft_detail", agreement.reference)


@login_required
@require_http_methods(["GET", "POST"])
def draft_activate(request, reference):
    """The confirmation page; confirming makes the draft live, and its people can then be invited."""
    agreement = get_draft_for_user(request, reference)
    count = Commitment.objects.filter(agreement=agreement).count()
    error = ""
    if request.method == "POST":
        try:
            activate_draft(agreement=agreement, by=request.user)
        except DraftError as refused:
            error = str(refused)
        else:
            messages.success(request, _("The agreement is live. Invite its people: each party's focal point first."))
            return redirect("people_list", agreement.reference)
    return render(
        request,
        "drafting/activate.html",
        {"agreement": agreement, "count": count, "error": error},
        status=400 if error else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def draft_discard(request, reference):
    """The confirmation page; confirming, with a reason, puts the draft aside (kept with who, when, why)."""
    agreement = get_draft_for_user(request, reference)
    require(permissions.can_discard(request.user, agreement))
    form = DiscardForm(request.POST or None)
    error = ""
    if request.method == "POST" and form.is_valid():
        try:
            discard_draft(agreement=agreement, by=request.user, reason=form.cleaned_data["reason"])
        except DraftError as refused:
            error = str(refused)
        else:
            messages.success(request, _("The draft is discarded. It is kept, with your reason, below the drafts."))
            return redirect("draft_list")
    count = Commitment.objects.filter(agreement=agreement).count()
    return render(
        request,
        "drafting/discard.html",
        {"agreement": agreement, "form": form, "count": count, "error": error},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def renewal_new(request, reference):
    """A renewal as a new agreement, started from the old one's term page: a draft with its parties,
    monitor, signatories, counties and open commitments, edited and activated like any draft."""
    old = get_agreement_for_user(request, reference)
    renewal = (
        Agreement.objects.filter(continues=old)
        .exclude(status=Agreement.Status.DISCARDED)
        .only("reference", "status")
        .first()
    )
    if renewal is not None and permissions.can_draft_agreements(request.user):
        messages.info(request, _("This agreement has been renewed already."))
        if renewal.status == Agreement.Status.DRAFT:
            return redirect("draft_detail", renewal.reference)
        return redirect("agreement_term", renewal.reference)
    require(permissions.can_renew_as_new_agreement(request.user, old, timezone.localdate()))
    form = RenewalForm(request.POST or None, initial=RenewalForm.initial_for(old))
    error = ""
    if request.method == "POST" and form.is_valid():
        try:
            new = draft_renewal(agreement=old, by=request.user, **form.cleaned_data)
        except DraftError as refused:
            error = str(refused)
        else:
            messages.success(
                request,
                _("The renewal is saved as a draft with the open commitments: check them, then activate it."),
            )
            return redirect("draft_detail", new.reference)
    return render(
        request,
        "drafting/renewal.html",
        {"agreement": old, "form": form, "carried": open_commitments(old), "error": error},
        status=400 if request.method == "POST" else 200,
    )
