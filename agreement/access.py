"""Access helpers: every view that touches an agreement finds it through here.

Someone outside the agreement gets 404 (the agreement's existence is not theirs to know), someone
who may read but not do the thing gets 403. The agreement comes in the same query as the row a
view asks for where there is one (`admit`), so a request looks it up once.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import prefetch_related_objects
from django.http import Http404
from django.shortcuts import get_object_or_404

from agreement import permissions
from agreement.models import Agreement, page_prefetches


def get_agreement_for_user(request, reference: str) -> Agreement:
    """The agreement if the user may read it; 404 otherwise."""
    return admit(request, get_object_or_404(Agreement.objects.all(), reference=reference))


def admit(request, agreement: Agreement) -> Agreement:
    """The agreement with what every page of it reads, if the user may read it; 404 otherwise.

    For an agreement found on its own or with the row a view asked for (a commitment, an entry:
    one query for both). Who may read it is decided once, by the rule book over the rows loaded for
    the page anyway (its signatories and committee seats), not again by a join in the lookup.
    """
    prefetch_related_objects([agreement], *page_prefetches())
    if not permissions.can_view_agreement(request.user, agreement):
        raise Http404
    request.agreement = agreement  # for the header's navigation (config.navigation)
    return agreement


def require(allowed: bool) -> None:
    """403 for a reader who may not do this."""
    if not allowed:
        raise PermissionDenied
