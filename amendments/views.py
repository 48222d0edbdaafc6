"""Amendments: the list, drafting, changes, confirmation, and the agreement as at a day."""

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from agreement import permissions
from agreement.access import get_agreement_for_user, require
from agreement.fields import LocalDateField
from amendments.access import get_amendment_for_user
from amendments.forms import AmendmentForm, ChangeForm
from amendments.models import Amendment, AmendmentChange, wording_as_at, wordings_as_at
from amendments.services import AmendmentClosed, add_change, confirm_amendment, draft_amendment
from obligations.access import get_commitment_for_user
from obligations.models import Commitment


def _day_from(request) -> tuple[dt.date, str]:
    """The ?on= day in the reader's calendar (today when absent or unreadable), and an error if unreadable."""
    text = request.GET.get("on", "").strip()
    if not text:
        return timezone.localdate(), ""
    try:
        return LocalDateField().clean(text), ""
    except Exception:  # noqa: BLE001 - any unreadable date: today, and say so
        return timezone.localdate(), _("That date could not be read; today is shown.")


@login_required
@require_http_methods(["GET", "HEAD"])
def amendment_list(request, reference):
    """Every addendum of the agreement, drafts included, with its state."""
    agreement = get_agreement_for_user(request, reference)
    amendments = Amendment.objects.filter(agreement=agreement).prefetch_related("changes", "confirmations__party")
    context = {
        "agreement": agreement,
        "amendments": amendments,
        "can_draft": permissions.can_draft_amendment(request.user, agreement),
    }
    return render(request, "amendments/list.html", context)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def amendment_create(request, reference):
    """Draft an addendum: its number, dates, rationale and signed scan."""
    agreement = get_agreement_for_user(request, reference)
    require(permissions.can_draft_amendment(request.user, agreement))
    if request.method == "POST":
        form = AmendmentForm(request.POST, request.FILES, agreement=agreement)
        if form.is_valid():
            amendment = draft_amendment(agreement=agreement, by=request.user, **form.cleaned_data)
            messages.success(request, _("The draft was saved. Add its changes, then each party confirms it."))
            return redirect("amendment_detail", agreement.reference, amendment.number)
    else:
        last = Amendment.objects.filter(agreement=agreement).order_by("-number").first()
        form = AmendmentForm(agreement=agreement, initial={"number": (last.number + 1) if last else 1})
    return render(
        request, "amendments/form.html", {"agreement": agreement, "form": form, "title": _("Draft an addendum")}
    )


def _detail_context(request, amendment: Amendment, change_form=None) -> dict:
    agreement = amendment.agreement
    confirmations = list(amendment.confirmations.select_related("party", "confirmed_by"))
    confirmed = {c.party_id for c in confirmations}
    changes = list(amendment.changes.select_related("commitment").order_by("position"))
    may_draft = amendment.is_draft and permissions.can_draft_amendment(request.user, agreement)
    return {
        "agreement": agreement,
        "amendment": amendment,
        "changes": changes,
        "confirmations": confirmations,
        "waiting_for": [s.party for s in agreement.signatories.all() if s.party_id not in confirmed],
        "can_change": may_draft,
        "can_confirm": bool(changes) and permissions.can_confirm_amendment(request.user, amendment, confirmed),
        "change_form": change_form or (ChangeForm(agreement=agreement) if may_draft else None),
        "history": amendment.history.select_related("history_user").order_by("history_date"),
    }


@login_required
@require_http_methods(["GET", "HEAD"])
def amendment_detail(request, reference, number):
    """One addendum: its changes with the old and new values, who confirmed, and its history."""
    amendment = get_amendment_for_user(request, reference, number)
    return render(request, "amendments/detail.html", _detail_context(request, amendment))


@login_required
@require_POST
def amendment_change_create(request, reference, number):
    """Add one change (add, modify, withdraw) to a draft."""
    amendment = get_amendment_for_user(request, reference, number)
    require(amendment.is_draft and permissions.can_draft_amendment(request.user, amendment.agreement))
    form = ChangeForm(request.POST, agreement=amendment.agreement)
    if form.is_valid():
        try:
            add_change(
                amendment=amendment,
                action=form.cleaned_data["action"],
                commitment=form.cleaned_data["commitment"],
                values=form.values(),
                by=request.user,
            )
        except AmendmentClosed:
            messages.error(request, _("This addendum is recorded; nothing of it changes any more."))
        else:
            messages.success(request, _("The change was added."))
        return redirect("amendment_detail", amendment.agreement.reference, amendment.number)
    messages.error(request, _("Nothing was saved: please correct the marked fields."))
    return render(request, "amendments/detail.html", _detail_context(request, amendment, form), status=400)


@login_required
@require_POST
def amendment_confirm(request, reference, number):
    """A focal point confirms the draft for their party; the last confirmation records it."""
    amendment = get_amendment_for_user(request, reference, number)
    confirmed = set(amendment.confirmations.values_list("party_id", flat=True))
    has_changes = amendment.changes.exists()
    require(has_changes and permissions.can_confirm_amendment(request.user, amendment, confirmed))
    party = permissions.party_of(request.user, amendment.agreement)
    try:
        amendment = confirm_amendment(amendment=amendment, party=party, by=request.user)
    except AmendmentClosed:
        messages.error(request, _("This addendum was recorded meanwhile."))
    else:
        if amendment.is_recorded:
            messages.success(request, _("Both parties have confirmed: the addendum is recorded."))
        else:
            messages.success(request, _("Your party's confirmation was recorded."))
    return redirect("amendment_detail", reference, number)


@login_required
@require_http_methods(["GET", "HEAD"])
def amendment_scan(request, reference, number):
    """The signed scan, for everyone who may read the agreement."""
    amendment = get_amendment_for_user(request, reference, number)
    if not amendment.scan:
        raise Http404
    return FileResponse(amendment.scan.open("rb"), as_attachment=True, filename=amendment.scan_name)


@login_required
@require_http_methods(["GET", "HEAD"])
def agreement_as_at(request, reference):
    """The agreement's commitments as they read on a day (?on=), withdrawn and later ones marked."""
    agreement = get_agreement_for_user(request, reference)
    day, error = _day_from(request)
    commitments = Commitment.objects.filter(agreement=agreement).select_related("owner")
    wordings = [w for w in wordings_as_at(commitments, day) if w.exists]
    amendments = Amendment.objects.recorded().filter(agreement=agreement, effective_on__lte=day)
    context = {
        "agreement": agreement,
        "day": day,
        "day_error": error,
        "wordings": wordings,
        "amendments": amendments,
        "amendment_labels": [a.label for a in amendments],
    }
    return render(request, "amendments/as_at.html", context)


@login_required
@require_http_methods(["GET", "HEAD"])
def commitment_wording(request, reference, number):
    """A commitment's wording in force, each earlier wording, and the wording on a chosen day."""
    commitment = get_commitment_for_user(
        request, reference, number, queryset=Commitment.objects.select_related("owner")
    )
    day, error = _day_from(request)
    changes = list(
        AmendmentChange.objects.filter(commitment=commitment, amendment__state=Amendment.State.RECORDED)
        .select_related("amendment")
        .order_by("amendment__effective_on", "amendment__number")
    )
    context = {
        "agreement": commitment.agreement,
        "commitment": commitment,
        "day": day,
        "day_error": error,
        "wording": wording_as_at(commitment, day),
        "changes": changes,
        "asked": bool(request.GET.get("on")),
        "detail_url": reverse("commitment_detail", args=[reference, commitment.number]),
    }
    return render(request, "amendments/wording.html", context)
