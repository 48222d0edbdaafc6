"""Review queue and review page: monitors accept entries or return them with a comment."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from agreement import permissions
from agreement.access import require
from agreement.formatting import grouped_number
from monitoring.access import get_agreement_for_review, get_entry_for_review
from monitoring.forms import BulkReviewForm, QueueFilterForm, ReviewDecisionForm
from monitoring.review import awaiting_review_in, entry_changes, files_since_return, review_many
from obligations import services
from obligations.models import ProgressEntry, Review

QUEUE_PAGE_SIZE = 25


@login_required
@require_http_methods(["GET", "POST"])
def review_queue(request, reference):
    """Entries awaiting review, oldest first; POST decides on the selected ones."""
    agreement = get_agreement_for_review(request, reference)
    if request.method == "POST":
        return _decide_selected(request, agreement)
    return _render_queue(request, agreement)


def _render_queue(request, agreement, bulk_form=None, status=200):
    commitments = list(agreement.commitments.order_by("position", "number").values_list("pk", "number"))
    filters = QueueFilterForm(request.GET or None, agreement=agreement, commitments=commitments)
    page = Paginator(filters.apply(awaiting_review_in(agreement)), QUEUE_PAGE_SIZE).get_page(request.GET.get("page"))
    for entry in page:
        entry.commitment.agreement = agreement
        entry.reviewable = permissions.can_review_entry(request.user, entry)
    context = {
        "agreement": agreement,
        "filters": filters,
        "page": page,
        "bulk_form": bulk_form or BulkReviewForm(),
        # A refused bulk decision keeps the ticks the monitor made.
        "selected": _posted_selection(request),
        "query": _filters_query(request),
    }
    return render(request, "monitoring/review/queue.html", context, status=status)


def _filters_query(request) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


def _posted_selection(request) -> set[int]:
    return {int(pk) for pk in request.POST.getlist("entries") if pk.isdigit()}


def _decide_selected(request, agreement):
    ids = _posted_selection(request)
    form = BulkReviewForm(request.POST, entry_ids=ids)
    if not form.is_valid():
        messages.error(request, _("Nothing was changed: see the message below."))
        return _render_queue(request, agreement, bulk_form=form, status=400)
    decided, skipped = review_many(
        agreement=agreement,
        reviewer=request.user,
        decision=form.cleaned_data["decision"],
        comment=form.cleaned_data["comment"],
        versions=form.versions(),
    )
    if decided:
        if form.cleaned_data["decision"] == Review.Decision.ACCEPTED:
            template = ngettext("%(count)s entry accepted.", "%(count)s entries accepted.", len(decided))
        else:
            template = ngettext(
                "%(count)s entry returned to its author.", "%(count)s entries returned to their authors.", len(decided)
            )
        messages.success(request, template % {"count": grouped_number(len(decided))})
    if skipped:
        messages.warning(
            request,
            ngettext(
                "%(count)s entry was left as it was: someone else decided on it or changed it after you loaded "
                "the queue, or it is your own.",
                "%(count)s entries were left as they were: someone else decided on them or changed them after you "
                "loaded the queue, or they are your own.",
                len(skipped),
            )
            % {"count": grouped_number(len(skipped))},
        )
    return redirect(request.get_full_path())


@login_required
@require_http_methods(["GET", "POST"])
def review_entry(request, reference, entry_pk):
    """One entry with its evidence and review history; POST accepts or returns it."""
    agreement, entry = get_entry_for_review(request, reference, entry_pk)
    may_decide = permissions.can_review_entry(request.user, entry)
    form = ReviewDecisionForm(initial={"version": entry.version})
    status = 200
    if request.method == "POST":
        require(may_decide)
        form = ReviewDecisionForm(request.POST)
        if form.is_valid():
            return _decide_one(request, agreement, entry, form)
        status = 400
    evidence = list(entry.evidence.select_related("thumbnail").order_by("uploaded_at", "pk"))
    reviews = list(entry.reviews.select_related("actor").order_by("created_at", "pk"))
    context = {
        "agreement": agreement,
        "entry": entry,
        "evidence": evidence,
        "reviews": reviews,
        "files_since_return": files_since_return(entry, reviews, evidence),
        "changes": entry_changes(entry),
        "awaiting": entry.review_state == ProgressEntry.ReviewState.SUBMITTED and not entry.is_withdrawn,
        "may_decide": may_decide,
        "form": form,
    }
    return render(request, "monitoring/review/entry.html", context, status=status)


def _decide_one(request, agreement, entry, form):
    decision = form.cleaned_data["decision"]
    try:
        services.review_entry(
            entry=entry,
            reviewer=request.user,
            decision=decision,
            comment=form.cleaned_data["comment"],
            expected_version=form.cleaned_data["version"],
        )
    except services.ConflictError:
        messages.error(
            request,
            _(
                "Nothing was changed: someone else decided on this entry, or its author changed it, while you "
                "were looking at it. Here it is as it stands now."
            ),
        )
        return redirect("review_entry", agreement.reference, entry.pk)
    if decision == Review.Decision.ACCEPTED:
        messages.success(request, _("Entry %(number)s accepted.") % {"number": entry.commitment.number})
    else:
        messages.success(request, _("Entry %(number)s returned to its author.") % {"number": entry.commitment.number})
    return redirect("review_queue", agreement.reference)
