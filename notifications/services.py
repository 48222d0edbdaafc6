"""Telling people things: one call per event, one notification per person, e-mail by a job."""

from collections.abc import Iterable
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Q

from agreement.models import Agreement
from notifications.models import Notification

# E-mails are sent in jobs of this many notifications: a failed job retries few messages, and
# 1,000 digests make 20 jobs, not 1,000.
EMAIL_BATCH = 50


def site_domain() -> str:
    """The site's host name (PEYMAN_SITE_URL): the domain of e-mail Message-IDs and calendar UIDs."""
    return urlsplit(settings.PEYMAN_SITE_URL).hostname or "peyman.localhost"


def site_path(name: str, *args, query: str = "") -> str:
    """A page's path in the default language's (unprefixed) URL space, as Notification.path stores it."""
    from django.conf import settings
    from django.urls import reverse
    from django.utils import translation

    with translation.override(settings.LANGUAGE_CODE):
        return reverse(name, args=args) + query


def notify(*, recipients: Iterable, kind: str, event_key: str, agreement=None, params=None, path="") -> list[int]:
    """Create one notification per recipient for this event and queue their e-mail.

    Idempotent: a person already told of `event_key` is skipped, so a retried job or a rerun
    command tells nobody twice. Called inside the caller's transaction: with the database job
    backend the e-mail job is committed (or rolled back) together with the event itself.
    Returns the ids of the notifications created.
    """
    recipient_ids = {getattr(person, "pk", person) for person in recipients}
    if not recipient_ids:
        return []
    already = set(
        Notification.objects.filter(recipient_id__in=recipient_ids, event_key=event_key).values_list(
            "recipient_id", flat=True
        )
    )
    fresh = [
        Notification(
            recipient_id=pk, agreement=agreement, kind=kind, params=params or {}, path=path, event_key=event_key
        )
        for pk in sorted(recipient_ids - already)
    ]
    return queue_emails(fresh)


def queue_emails(fresh: list[Notification]) -> list[int]:
    """Store new notifications (a concurrent twin loses quietly) and queue their e-mail in batches."""
    from notifications.tasks import send_notification_emails

    if not fresh:
        return []
    Notification.objects.bulk_create(fresh, ignore_conflicts=True)
    # ignore_conflicts leaves pks unset on some databases: read back what was stored.
    ids = sorted(
        Notification.objects.filter(emailed_at__isnull=True, recipient_id__in={n.recipient_id for n in fresh})
        .filter(event_key__in={n.event_key for n in fresh})
        .values_list("pk", flat=True)
    )
    for start in range(0, len(ids), EMAIL_BATCH):
        send_notification_emails.enqueue(ids[start : start + EMAIL_BATCH])
    return ids


def agreement_members(agreement: Agreement):
    """Everyone the agreement concerns: members of its parties (any role) and its committee."""
    User = get_user_model()
    return (
        User.objects.filter(is_active=True)
        .filter(
            Q(membership__party__signatures__agreement=agreement) | Q(committee_seats__agreement=agreement),
        )
        .distinct()
    )
