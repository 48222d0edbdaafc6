"""Quarterly evaluations: the monitor's rating beside each party's own reported status."""

from collections import Counter
from typing import TYPE_CHECKING

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from agreement import permissions
from agreement.access import get_agreement_for_user
from agreement.jalali import DateInputError, Quarter
from agreement.page_cache import kept_fragment
from monitoring.access import (
    get_agreement_for_reopening,
    get_commitment_for_evaluation,
    parse_quarter,
)
from monitoring.evaluations import (
    QuarterLockedError,
    commitments_for_quarter,
    evaluation_order,
    lock_history,
    next_to_evaluate,
    quarter_entries,
    quarter_figures,
    reopen_quarter,
    save_evaluation,
    version_stamp,
)
from monitoring.forms import EvaluationForm, ReopenForm
from monitoring.models import RATING_MEANINGS, Evaluation, QuarterLock, Rating
from obligations.models import ProgressEntry, Status
from obligations.services import ConflictError

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


def _scale():
    return [(value, label, RATING_MEANINGS[value]) for value, label in Rating.choices]


@login_required
@require_GET
def evaluation_list(request, reference):
    """Every commitment for one Jalali quarter: the party's reported status and the monitor's rating."""
    agreement = get_agreement_for_user(request, reference)
    quarters = Quarter.of_agreement(agreement, timezone.localdate())
    period = quarters[0]
    if request.GET.get("quarter"):
        try:
            period = Quarter.parse(request.GET["quarter"])
        except DateInputError as error:
            messages.error(request, str(error))
    return _render_list(request, agreement, quarters, period)


def _render_list(request, agreement, quarters, period, reopen_form=None, status=200):
    locked = QuarterLock.is_locked(agreement, period)
    can_evaluate = permissions.can_evaluate(request.user, agreement) and not locked and period in quarters
    may_reopen = locked and permissions.can_reopen_quarter(request.user, agreement)
    context = {
        "agreement": agreement,
        "period": period,
        "quarters": quarters,
        "in_range": period in quarters,
        "kept": kept_fragment(
            agreement,
            "evaluations",
            vary=f"{period}|{can_evaluate}",
            render=lambda: _quarter_table(request, agreement, period, can_evaluate),
        ),
        "can_evaluate": can_evaluate,
        "locked": locked,
        "lock_history": list(lock_history(agreement, period)),
        "may_reopen": may_reopen,
        "reopen_form": reopen_form or (ReopenForm() if may_reopen else None),
        "scale": _scale(),
    }
    return render(request, "monitoring/evaluations/list.html", context, status=status)


def _quarter_table(request, agreement, period, can_evaluate) -> dict:
    """The quarter's figures by the one progress rule beside the evaluations: the count of rated
    commitments and the table, rendered together and kept until the agreement's data changes."""
    commitments = list(commitments_for_quarter(agreement, period))
    for commitment in commitments:
        commitment.evaluation = commitment.quarter_evaluations[0] if commitment.quarter_evaluations else None
        reported = commitment.reported_status
        commitment.reported_status_label = Status(reported).label if reported else ""
    context = {
        "agreement": agreement,
        "period": period,
        "commitments": commitments,
        "rated": sum(1 for c in commitments if c.evaluation),
        "can_evaluate": can_evaluate,
    }
    return {
        "rated": render_to_string("monitoring/evaluations/_rated.html", context, request),
        "table": render_to_string("monitoring/evaluations/_table.html", context, request),
    }


@login_required
@require_http_methods(["GET", "POST"])
def evaluation_edit(request, reference, quarter, number):
    """Rate one commitment for one quarter, until the quarter's report locks it."""
    period = parse_quarter(quarter)
    agreement, commitment = get_commitment_for_evaluation(request, reference, number)
    if period not in Quarter.of_agreement(agreement, timezone.localdate()):
        raise Http404
    locked = QuarterLock.is_locked(agreement, period)
    evaluation = _current_evaluation(commitment, period)
    form = EvaluationForm(
        initial={
            "rating": evaluation.rating if evaluation else None,
            "assessment": evaluation.assessment if evaluation else "",
            "stamp": version_stamp(evaluation),
        }
    )
    status = 200
    if request.method == "POST":
        again = redirect("evaluation_edit", agreement.reference, str(period), commitment.number)
        if locked:
            messages.error(request, _("This quarter is locked: its report was issued. Nothing was changed."))
            return again
        form = EvaluationForm(request.POST)
        status = 400
        if form.is_valid():
            try:
                save_evaluation(
                    commitment=commitment,
                    period=period,
                    rating=form.cleaned_data["rating"],
                    assessment=form.cleaned_data["assessment"],
                    evaluator=request.user,
                    seen_stamp=form.cleaned_data["stamp"],
                )
            except QuarterLockedError:
                messages.error(request, _("This quarter is locked: its report was issued. Nothing was changed."))
                return again
            except ConflictError:
                # Keep what this evaluator wrote, now set against the version someone else saved.
                evaluation = _current_evaluation(commitment, period)
                form = EvaluationForm({**request.POST.dict(), "stamp": version_stamp(evaluation)})
                messages.error(
                    request,
                    _(
                        "Nothing was saved: someone else saved this evaluation while you were editing it. "
                        "Their version is under Earlier versions; your text is kept below. Save again to replace "
                        "theirs."
                    ),
                )
                status = 409
            else:
                messages.success(request, _("Evaluation of %(number)s saved.") % {"number": commitment.number})
                return _after_saving(request, agreement, period, commitment)
    entries = list(quarter_entries(commitment, period))
    order = evaluation_order(agreement, period)
    context = {
        "agreement": agreement,
        "commitment": commitment,
        "period": period,
        "evaluation": evaluation,
        "locked": locked,
        "form": form,
        "entries": entries,
        "entry_counts": _count_states(entries),
        "figures": quarter_figures(commitment, period, timezone.localdate()),
        "left_to_evaluate": sum(1 for pk, _, evaluated in order if not evaluated and pk != commitment.pk),
        "history": list(evaluation.history.select_related("history_user").order_by("-history_date"))
        if evaluation
        else [],
        "scale": _scale(),
        "list_url": _list_url(agreement, period),
    }
    return render(request, "monitoring/evaluations/edit.html", context, status=status)


def _list_url(agreement, period) -> str:
    return f"{reverse('evaluation_list', args=[agreement.reference])}?quarter={period}"


def _after_saving(request, agreement, period, commitment):
    """ "Save" returns to the list at the commitment; "Save and next" opens the next commitment not
    yet evaluated for the quarter, or the list with word that the quarter is complete."""
    if request.POST.get("then") != "next":
        return redirect(f"{_list_url(agreement, period)}#c-{commitment.pk}")
    number = next_to_evaluate(agreement, period, after=commitment)
    if number is None:
        messages.info(
            request,
            _("Every commitment has an evaluation for %(quarter)s: the quarter is complete.")
            % {"quarter": period.label},
        )
        return redirect(_list_url(agreement, period))
    return redirect("evaluation_edit", agreement.reference, str(period), number)


def _count_states(entries) -> list[tuple[str, "StrOrPromise", int]]:
    """(state, label, how many) of the quarter's entries, in the order a reader expects."""
    states = ProgressEntry.ReviewState
    labels = dict(states.choices) | {"withdrawn": _("Withdrawn")}
    counts = Counter(entry.state for entry in entries)
    order = (states.ACCEPTED, states.SUBMITTED, states.RETURNED, "withdrawn")
    return [(state, labels[state], counts[state]) for state in order if counts[state]]


def _current_evaluation(commitment, period):
    return (
        Evaluation.objects.filter(commitment=commitment, year=period.year, quarter=period.number)
        .select_related("evaluated_by")
        .first()
    )


@login_required
@require_POST
def quarter_reopen(request, reference, quarter):
    """An administrator unlocks a quarter whose report was issued, giving a reason."""
    period = parse_quarter(quarter)
    agreement = get_agreement_for_reopening(request, reference)
    form = ReopenForm(request.POST)
    if not form.is_valid():
        quarters = Quarter.of_agreement(agreement, timezone.localdate())
        return _render_list(request, agreement, quarters, period, reopen_form=form, status=400)
    try:
        reopen_quarter(agreement=agreement, period=period, admin=request.user, reason=form.cleaned_data["reason"])
    except ConflictError:
        messages.warning(request, _("This quarter was not locked; nothing was changed."))
    else:
        messages.success(request, _("The quarter is open again: its evaluations can be changed."))
    return redirect(_list_url(agreement, period))
