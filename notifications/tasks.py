"""Jobs of the notifications app, run by `manage.py db_worker` (or at once in tests)."""

import datetime as dt
import logging
import smtplib

from django.conf import settings
from django.core import mail
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from notifications.email import build_message
from notifications.models import EmailAttempt, Notification, Preference

logger = logging.getLogger(__name__)
Outcome = EmailAttempt.Outcome


class Skip(Exception):
    """This notification is not to be sent now (sent already, given up, or someone else is at it:
    then the argument says when its claim lapses)."""


@task()
def send_notification_emails(notification_ids: list[int]) -> int:
    """E-mail each notification whose recipient has an address and wants this kind; returns how many
    the mail server accepted.

    Each try is claimed by an EmailAttempt row written under the notification's row lock, so two
    workers, or a job run twice, never send the same message at once; a transient failure queues
    a later job for the notification in the same transaction as the try's record (a queued retry
    and its reason are stored together or not at all), a permanent one ends its tries. The job itself fails
    only on a fault of ours, not of the mail server's.
    """
    notifications = Notification.objects.filter(pk__in=notification_ids, emailed_at__isnull=True).select_related(
        "recipient__notification_preference", "agreement"
    )
    sent = 0
    connection = mail.get_connection()
    unreachable = ""
    try:
        for notification in notifications:
            recipient = notification.recipient
            preference = Preference.of(recipient)
            if not recipient.email or not recipient.is_active or not preference.wants_email(notification.kind):
                continue
            try:
                attempt = _claim(notification)
            except Skip as skip:
                if skip.args and send_notification_emails.get_backend().supports_defer:
                    # Claimed by a worker that is at it, or was until it died (its job queued
                    # again by jobs.worker): look again once the claim has lapsed.
                    send_notification_emails.using(run_after=skip.args[0]).enqueue([notification.pk])
                continue
            if unreachable:
                # The server could not be reached for an earlier message of this batch: do not wait
                # out a timeout per message; all of them go again together.
                _record_failure(attempt, f"not tried: {unreachable}", transient=True)
                continue
            try:
                connection.send_messages([build_message(notification, preference)])
            except Exception as error:
                transient, reason = classify(error)
                if _connection_lost(error):
                    unreachable = reason
                    _close_quietly(connection)
                _record_failure(attempt, reason, transient=transient)
                continue
            _record_accepted(attempt)
            sent += 1
    finally:
        _close_quietly(connection)
    return sent


def classify(error: Exception) -> tuple[bool, str]:
    """(can it pass?, the reason in the server's or the network's words)."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _message in error.recipients.values()]
        reason = "; ".join(
            f"{address}: {code} {_text(message)}" for address, (code, message) in error.recipients.items()
        )
        return any(code < 500 for code in codes), f"recipient refused: {reason}"
    if isinstance(error, smtplib.SMTPAuthenticationError):
        # Our credentials, not the message: an operator's fix lets the next try through.
        return True, f"authentication failed: {error.smtp_code} {_text(error.smtp_error)}"
    if isinstance(error, smtplib.SMTPResponseException):
        return error.smtp_code < 500, f"{type(error).__name__}: {error.smtp_code} {_text(error.smtp_error)}"
    if isinstance(error, (smtplib.SMTPServerDisconnected, OSError)):
        # Refused, timed out, reset, or the server hung up (perhaps after DATA: outcome unknown,
        # and the next try sends the same Message-ID).
        return True, f"{type(error).__name__}: {error}"
    if isinstance(error, (ValueError, UnicodeError)):
        # An address Django cannot encode or parse: no try will do better.
        return False, f"bad address: {error}"
    return True, f"{type(error).__name__}: {error}"


def retry_delay(failures: int) -> float | None:
    """Seconds to wait after the `failures`-th transient failure."""
    delays = settings.PEYMAN_EMAIL_RETRY_DELAYS
    if not delays:
        return None
    return delays[min(failures, len(delays)) - 1]


def claim_lease() -> dt.timedelta:
    """How long a SENDING claim holds: past it, its worker is taken for dead."""
    return dt.timedelta(seconds=settings.EMAIL_TIMEOUT * 4)


def _claim(notification: Notification) -> EmailAttempt:
    now = timezone.now()
    with transaction.atomic():
        locked = Notification.objects.select_for_update().get(pk=notification.pk)
        if locked.emailed_at is not None:
            raise Skip
        latest = locked.email_attempts.order_by("-started_at", "-pk").first()
        if latest is not None:
            if latest.outcome == Outcome.GAVE_UP:
                raise Skip
            if latest.outcome == Outcome.WILL_RETRY and latest.next_try_at and latest.next_try_at > now:
                raise Skip  # a later job has this one
            if latest.outcome == Outcome.SENDING:
                if latest.started_at > now - claim_lease():
                    raise Skip(latest.started_at + claim_lease())
                latest.outcome = Outcome.WILL_RETRY
                latest.finished_at = now
                latest.reason = "outcome unknown: the worker stopped during the try"
                latest.save(update_fields=["outcome", "finished_at", "reason"])
        return EmailAttempt.objects.create(notification=locked, started_at=now)


def _record_accepted(attempt: EmailAttempt) -> None:
    now = timezone.now()
    with transaction.atomic():
        Notification.objects.filter(pk=attempt.notification_id, emailed_at__isnull=True).update(emailed_at=now)
        attempt.outcome = Outcome.ACCEPTED
        attempt.finished_at = now
        attempt.save(update_fields=["outcome", "finished_at"])


def _record_failure(attempt: EmailAttempt, reason: str, *, transient: bool) -> None:
    now = timezone.now()
    with transaction.atomic():
        tries = attempt.notification.email_attempts.exclude(pk=attempt.pk)
        failures = tries.filter(outcome=Outcome.WILL_RETRY).count() + 1
        first = tries.order_by("started_at").values_list("started_at", flat=True).first() or attempt.started_at
        delay = retry_delay(failures) if transient else None
        give_up_at = first + dt.timedelta(seconds=settings.PEYMAN_EMAIL_RETRY_FOR_SECONDS)
        if delay is not None and now + dt.timedelta(seconds=delay) <= give_up_at:
            attempt.outcome = Outcome.WILL_RETRY
            attempt.next_try_at = now + dt.timedelta(seconds=delay)
            if send_notification_emails.get_backend().supports_defer:
                # In this transaction: the try's record and its retry are stored together or not at all.
                send_notification_emails.using(run_after=attempt.next_try_at).enqueue([attempt.notification_id])
        else:
            attempt.outcome = Outcome.GAVE_UP
        attempt.finished_at = now
        attempt.reason = reason[:2000]
        attempt.save(update_fields=["outcome", "finished_at", "reason", "next_try_at"])
    # One line per try: an operator reads why, the attempt row keeps it.
    logger.warning(
        "E-mail for notification %s failed (%s, try %s): %s",
        attempt.notification_id,
        "will retry" if attempt.outcome == Outcome.WILL_RETRY else "gave up",
        failures,
        reason,
    )


def _connection_lost(error: Exception) -> bool:
    # Every SMTPException is an OSError too; of those, only these two mean the server is gone.
    if isinstance(error, (smtplib.SMTPServerDisconnected, smtplib.SMTPConnectError)):
        return True
    return isinstance(error, OSError) and not isinstance(error, smtplib.SMTPException)


def _close_quietly(connection) -> None:
    try:
        connection.close()
    except Exception:  # noqa: BLE001 - a dead server's socket cannot be closed politely
        connection.connection = None


def _text(message) -> str:
    return message.decode(errors="replace") if isinstance(message, bytes) else str(message)
