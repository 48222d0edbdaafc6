"""The commitments page of an agreement and the page of one commitment."""

from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from agreement import permissions
from agreement.access import get_agreement_for_user
from obligations.access import get_commitment_for_user
from obligations.filters import JOINT, filter_commitments
from obligations.history import commitment_changes
from obligations.models import Commitment, Evidence, Review, Status
from obligations.notices import notices_for
from obligations.progress import RULE_SENTENCE
from obligations.timeline import TIMELINE_ORDER, timeline_for

# Enough for a year of monthly reports on one screen; older entries are a click away.
ENTRIES_PER_PAGE = 25


@dataclass
class OwnerGroup:
    key: str
    title: str
    is_own: bool = False
    commitments: list = field(default_factory=list)


def _owner_groups(agreement, user, commitments) -> list[OwnerGroup]:
    """Our party first, then the other parties in the agreement's order, then joint commitments."""
    own = permissions.party_of(user, agreement)
    parties = [s.party for s in agreement.signatories.all()]
    parties.sort(key=lambda party: own is None or party.pk != own.pk)
    groups = {party.pk: OwnerGroup(party.code, party.name, is_own=own == party) for party in parties}
    joint = OwnerGroup(JOINT, _("Joint commitments"))
    for commitment in commitments:
        groups.get(commitment.owner_id, joint).commitments.append(commitment)
    return [group for group in [*groups.values(), joint] if group.commitments]


@login_required
@require_safe
def commitment_list(request, reference):
    """Every commitment of the agreement, grouped by owner, with progress and markers."""
    agreement = get_agreement_for_user(request, reference)
    now = timezone.now()
    queryset = Commitment.objects.filter(agreement=agreement).select_related("owner").with_last_entry().with_flags(now)
    queryset, filters = filter_commitments(queryset, request.GET, now)
    commitments = list(queryset)
    for commitment in commitments:
        commitment.agreement = agreement
        commitment.can_log = permissions.can_log_progress(request.user, commitment)
    parties = [s.party for s in agreement.signatories.all()]
    context = {
        "agreement": agreement,
        "groups": _owner_groups(agreement, request.user, commitments),
        "filters": filters,
        "owner_choices": [(party.code, party.name) for party in parties] + [(JOINT, _("Joint"))],
        "status_choices": Status.choices,
        "result_count": len(commitments),
        "stale_days": settings.PEYMAN_STALE_AFTER_DAYS,
    }
    return render(request, "obligations/commitment_list.html", context)


@login_required
@require_safe
def commitment_detail(request, reference, number):
    """One commitment: its text, indicator, timeline of entries and change history."""
    now = timezone.now()
    # Every kind: a joint committee's decision is followed up on this same page.
    base = Commitment.all_kinds.with_last_entry().with_flags(now)
    # The commitment it continues and the one continuing it (a renewal as a new agreement), in the same query.
    base = base.select_related("owner", "carried_from__agreement", "carried_to__agreement")
    commitment = get_commitment_for_user(request, reference, number, queryset=base)
    agreement = commitment.agreement
    entries = (
        commitment.entries.select_related("author", "party", "county", "reviewed_by")
        .prefetch_related(
            Prefetch("evidence", queryset=Evidence.objects.select_related("thumbnail")),
            Prefetch("reviews", queryset=Review.objects.select_related("actor")),
        )
        .order_by(*TIMELINE_ORDER)
    )
    entries_page = Paginator(entries, ENTRIES_PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "agreement": agreement,
        "commitment": commitment,
        "can_log": permissions.can_log_progress(request.user, commitment),
        "progress_rule": RULE_SENTENCE,
        "timeline": timeline_for(request.user, commitment, list(entries_page.object_list)),
        "entries_page": entries_page,
        "changes": commitment_changes(commitment),
        "notices": notices_for(commitment),
        "page_cache_seconds": settings.PEYMAN_PAGE_CACHE_SECONDS,  # each entry's card is kept
    }
    return render(request, "obligations/commitment_detail.html", context)
