"""Jobs of the notifications app, run by `manage.py db_worker` (or at once in tests)."""

import logging

from django.core import mail
from django.utils import timezone
from django_tasks import task

from notifications.email import build_message
from notifications.models import Notification, Preference

logger = logging.getLogger(__name__)


@task()
def send_notification_emails(notification_ids: list[int]) -> int:
    """E-mail each notification whose recipient has an address and wants this kind; returns how many.

    Each notification is claimed with a conditional UPDATE before it is sent, so two workers, or a
    job run twice, never send the same message twice. If sending fails the claim is released and
    the job fails, to be run again.
    """
    notifications = Notification.objects.filter(pk__in=notification_ids, emailed_at__isnull=True).select_related(
        "recipient__notification_preference", "agreement"
    )
    sent = 0
    with mail.get_connection() as connection:
        for notification in notifications:
            recipient = notification.recipient
            preference = Preference.of(recipient)
            if not recipient.email or not recipient.is_active or not preference.wants_email(notification.kind):
                continue
            now = timezone.now()
            claimed = Notification.objects.filter(pk=notification.pk, emailed_at__isnull=True).update(emailed_at=now)
            if not claimed:
                continue
            try:
                connection.send_messages([build_message(notification, preference)])
            except Exception:
                Notification.objects.filter(pk=notification.pk, emailed_at=now).update(emailed_at=None)
                raise
            sent += 1
    return sent
