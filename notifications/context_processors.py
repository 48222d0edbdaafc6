from notifications.models import Notification


def inbox(request):
    """The header's unread count: one COUNT, and only on pages that show it."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}

    def unread_count():
        return Notification.objects.filter(recipient=user).unread().count()

    return {"unread_notifications": unread_count}
