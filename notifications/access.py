"""Access helper for notifications: a person reaches only their own; anyone else's is a 404."""

from django.shortcuts import get_object_or_404

from notifications.models import Notification


def get_notification_for_user(request, pk: int) -> Notification:
    return get_object_or_404(Notification, pk=pk, recipient=request.user)
