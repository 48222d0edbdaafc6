"""Access helpers: every view that touches an agreement finds it through here.

Ownership goes into the lookup: someone outside the agreement gets 404 (the agreement's
existence is not theirs to know), someone who may read but not do the thing gets 403.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from agreement import permissions
from agreement.models import Agreement


def get_agreement_for_user(request, reference: str) -> Agreement:
    """The agreement if the user may read it; 404 otherwise."""
    queryset = Agreement.objects.visible_to(request.user).for_pages()
    agreement = get_object_or_404(queryset, reference=reference)
    if not permissions.can_view_agreement(request.user, agreement):
        raise Http404
    request.agreement = agreement  # for the header's navigation (config.navigation)
    return agreement


def require(allowed: bool) -> None:
    """403 for a reader who may not do this."""
    if not allowed:
        raise PermissionDenied
