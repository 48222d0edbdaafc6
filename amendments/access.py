"""Access helper for amendments: 404 outside the agreement, 403 for readers who may not."""

from django.shortcuts import get_object_or_404

from agreement.access import get_agreement_for_user
from amendments.models import Amendment


def get_amendment_for_user(request, reference: str, number: int) -> Amendment:
    agreement = get_agreement_for_user(request, reference)
    amendment = get_object_or_404(Amendment.objects.filter(agreement=agreement), number=number)
    amendment.agreement = agreement
    return amendment
