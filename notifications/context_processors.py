import functools

from notifications.models import Notification


def inbox(request):
    """The header's unread count: one COUNT, and only on pages that show it (the menu button and
    the inbox link both read it: counted once per request)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}

    @functools.cache
    def unread_count():
        return Notification.objects.filter(recipient=user).unread().count()

    return {"unread_notifications": unread_count}
