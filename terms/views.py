"""An agreement's term: its end, notice period and renewal, the earlier terms and the alerts sent."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from agreement import permissions
from agreement.access import get_agreement_for_user, require
from terms.forms import RenewForm, TermForm
from terms.models import Term, TermAlert
from terms.services import renew, set_term


def _context(request, agreement, term_form=None, renew_form=None) -> dict:
    terms = list(Term.objects.filter(agreement=agreement).order_by("-number"))
    current = terms[0] if terms else None
    may = permissions.can_manage_term(request.user, agreement)
    today = timezone.localdate()
    if may and term_form is None:
        initial = {"starts_on": agreement.starts_on or agreement.signed_on, "notice_days": 90}
        if current is not None:
            initial = {
                "starts_on": current.starts_on,
                "ends_on": current.ends_on,
                "notice_days": current.notice_days,
                "renews_itself": current.renews_itself,
            }
        term_form = TermForm(initial=initial)
    if may and current is not None and renew_form is None:
        renew_form = RenewForm(current=current)
    return {
        "agreement": agreement,
        "current": current,
        "earlier": terms[1:],
        "days_left": current.days_left(today) if current else None,
        "ended": current.has_ended(today) if current else False,
        "alerts": TermAlert.objects.filter(term__agreement=agreement).select_related("term").order_by("fired_on"),
        "term_form": term_form if may else None,
        "may_renew_as_new": agreement.renewed_as_or_none is None
        and permissions.can_renew_as_new_agreement(request.user, agreement, today),
        "may_see_drafts": permissions.can_draft_agreements(request.user),
        "renew_form": renew_form if may else None,
    }


@login_required
@require_http_methods(["GET", "HEAD"])
def agreement_term(request, reference):
    """The term in force, the earlier ones and every alert sent; the committee records and renews it."""
    agreement = get_agreement_for_user(request, reference)
    return render(request, "terms/term.html", _context(request, agreement))


@login_required
@require_POST
def term_set(request, reference):
    agreement = get_agreement_for_user(request, reference)
    require(permissions.can_manage_term(request.user, agreement))
    form = TermForm(request.POST)
    if form.is_valid():
        set_term(agreement=agreement, by=request.user, **form.cleaned_data)
        messages.success(request, _("The term was saved."))
        return redirect("agreement_term", reference)
    messages.error(request, _("Nothing was saved: please correct the marked fields."))
    return render(request, "terms/term.html", _context(request, agreement, term_form=form), status=400)


@login_required
@require_POST
def term_renew(request, reference):
    agreement = get_agreement_for_user(request, reference)
    require(permissions.can_manage_term(request.user, agreement))
    current = Term.objects.current_of(agreement.pk)
    require(current is not None)
    form = RenewForm(request.POST, current=current)
    if form.is_valid():
        renew(agreement=agreement, ends_on=form.cleaned_data["ends_on"], by=request.user)
        messages.success(request, _("The agreement was renewed: a new term was recorded."))
        return redirect("agreement_term", reference)
    messages.error(request, _("Nothing was saved: please correct the marked fields."))
    return render(request, "terms/term.html", _context(request, agreement, renew_form=form), status=400)
