"""Access helpers for review and evaluation: every such view finds its objects through here.

Outside the agreement → 404 (from the agreement lookup); inside it but not allowed → 403.
"""

from django.http import Http404

from agreement import permissions
from agreement.access import admit, get_agreement_for_user, require
from agreement.jalali import DateInputError, Quarter
from agreement.models import Agreement
from obligations.models import Commitment, ProgressEntry


def get_agreement_for_review(request, reference: str) -> Agreement:
    """The agreement if the user reviews its entries: monitors of its monitoring party only."""
    agreement = get_agreement_for_user(request, reference)
    require(permissions.is_monitor(request.user, agreement))
    return agreement


def get_entry_for_review(request, reference: str, entry_pk: int) -> tuple[Agreement, ProgressEntry]:
    """An entry of the agreement, for a monitor; whether they may decide on it is can_review_entry.

    The entry comes with its commitment and agreement in one query; the agreement is then admitted
    as every page's is (404 outside it, 403 for a reader who does not review).
    """
    queryset = ProgressEntry.objects.select_related(
        "commitment__owner", "commitment__agreement", "party", "author", "county", "reviewed_by"
    )
    entry = queryset.filter(pk=entry_pk, commitment__agreement__reference=reference).first()
    if entry is None:
        get_agreement_for_review(request, reference)  # 404 or 403 as for the agreement: no entry's existence told
        raise Http404
    agreement = admit(request, entry.commitment.agreement)
    require(permissions.is_monitor(request.user, agreement))
    return agreement, entry


def parse_quarter(text: str) -> Quarter:
    """A quarter from a URL ('1403-Q3'); anything else is a page that does not exist."""
    try:
        return Quarter.parse(text)
    except DateInputError:
        raise Http404 from None


def get_commitment_for_evaluation(request, reference: str, number: str) -> tuple[Agreement, Commitment]:
    """A commitment to rate, for a monitor of its agreement."""
    agreement = get_agreement_for_user(request, reference)
    require(permissions.can_evaluate(request.user, agreement))
    commitment = Commitment.objects.select_related("owner").filter(agreement=agreement, number=number).first()
    if commitment is None:
        raise Http404
    commitment.agreement = agreement
    return agreement, commitment


def get_agreement_for_reopening(request, reference: str) -> Agreement:
    agreement = get_agreement_for_user(request, reference)
    require(permissions.can_reopen_quarter(request.user, agreement))
    return agreement
