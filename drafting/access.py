"""Access helper for the drafting pages: drafts exist only for those who draft (404 for everyone else)."""

from django.http import Http404
from django.shortcuts import get_object_or_404

from agreement import permissions
from agreement.models import Agreement


def require_drafter(request) -> None:
    """404 for anyone who may not draft: to them, drafts and these pages do not exist."""
    if not permissions.can_draft_agreements(request.user):
        raise Http404


def get_draft_for_user(request, reference: str) -> Agreement:
    """A draft agreement, with its parties, for someone who may draft; 404 otherwise (and once it is live)."""
    require_drafter(request)
    return get_object_or_404(Agreement.objects.for_pages().filter(status=Agreement.Status.DRAFT), reference=reference)
