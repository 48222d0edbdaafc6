"""Mail that gets through a mail server's faults, against a real SMTP server (aiosmtpd) and, for the
outage, a real worker process: tries, their reasons, retries with growing delays, and no copy twice."""

import signal
import subprocess
import time

import pytest
from aiosmtpd.controller import Controller
from django.db import connection
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from agreement.models import Membership
from notifications.models import EmailAttempt, Kind, Notification
from notifications.services import queue_emails
from notifications.tasks import send_notification_emails
from tests.jobs.test_worker import BASE_DIR, WORKER, worker_env
from tests.notifications.test_smtp import free_port

Outcome = EmailAttempt.Outcome


class Inbox:
    """Accepts everything, except addresses it was told to refuse (550) or to put off once (451)."""

    def __init__(self, refuse=(), put_off_once=()):
        self.envelopes = []
        self.refuse = set(refuse)
        self.put_off = set(put_off_once)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refuse:
            return "550 5.1.1 No such user here"
        if address in self.put_off:
            self.put_off.discard(address)
            return "451 4.3.0 Try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.envelopes.append(envelope)
        return "250 OK"


def start_server(inbox, port) -> Controller:
    controller = Controller(inbox, hostname="127.0.0.1", port=port, ready_timeout=60)
    controller.start()
    return controller


@pytest.fixture
def database_backend(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default", "reports"]}}


@pytest.fixture
def smtp_settings(settings):
    port = free_port()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_TIMEOUT = 5
    settings.DEFAULT_FROM_EMAIL = "peyman@example.org"
    settings.PEYMAN_EMAIL_RETRY_DELAYS = [0.2, 0.4]
    settings.PEYMAN_EMAIL_RETRY_FOR_SECONDS = 3600
    return port


def people_with_notices(django_user_model, agreement, rural, count, prefix="person"):
    notifications = []
    for n in range(count):
        person = django_user_model.objects.create_user(username=f"{prefix}-{n}", email=f"{prefix}-{n}@example.org")
        Membership.objects.create(user=person, party=rural, role=Membership.Role.STAFF)
        notifications.append(
            Notification(
                recipient=person,
                agreement=agreement,
                kind=Kind.REPORT_ISSUED,
                params={"number": "1", "quarter": "1403-Q3"},
                event_key="smtp-faults",
            )
        )
    return notifications


def wait_for(condition, timeout=30.0, what=""):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


@pytest.mark.django_db(transaction=True)
def test_mail_queued_while_the_server_is_down_arrives_once_when_it_is_back(
    django_user_model, agreement, rural, database_backend, smtp_settings, tmp_path
):
    if connection.vendor != "postgresql":
        pytest.skip("a live worker beside the test needs a shared database server (PostgreSQL)")
    port = smtp_settings
    ids = queue_emails(people_with_notices(django_user_model, agreement, rural, 8))
    db = connection.settings_dict
    url = f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST'] or 'localhost'}:{db['PORT'] or 5432}/{db['NAME']}"
    env = {
        **worker_env(url),
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(port),
        "EMAIL_TIMEOUT": "5",
        "PEYMAN_EMAIL_RETRY_DELAYS": "0.5,1,2",
    }
    worker = subprocess.Popen(
        [arg for arg in WORKER if arg != "--batch"] + ["--interval", "0.2"],
        cwd=BASE_DIR,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    inbox = Inbox()
    server = None
    try:
        # The server is down: every mail is tried, fails, and is put off, more than once.
        wait_for(
            lambda: EmailAttempt.objects.filter(outcome=Outcome.WILL_RETRY).count() >= 16,
            what="two failed tries of each mail",
        )
        assert not Notification.objects.filter(pk__in=ids, emailed_at__isnull=False).exists()
        server = start_server(inbox, port)
        started = time.monotonic()
        wait_for(
            lambda: not Notification.objects.filter(pk__in=ids, emailed_at__isnull=True).exists(),
            what="every mail accepted",
        )
        recovery = time.monotonic() - started
        # A moment more, for any duplicate a retry might still send.
        time.sleep(3)
    finally:
        worker.send_signal(signal.SIGTERM)
        output = worker.communicate(timeout=30)[0]
        if server is not None:
            server.stop()

    assert sorted(rcpt for envelope in inbox.envelopes for rcpt in envelope.rcpt_tos) == sorted(
        f"person-{n}@example.org" for n in range(8)
    ), output
    print(f"FAULT smtp down: 8 of 8 mails accepted {recovery:.1f} s after the server came back, 0 duplicates")
    assert recovery < 5, recovery
    for notification in Notification.objects.filter(pk__in=ids):
        tries = list(notification.email_attempts.order_by("started_at"))
        assert [t.outcome for t in tries[:-1]] == [Outcome.WILL_RETRY] * (len(tries) - 1)
        assert tries[-1].outcome == Outcome.ACCEPTED
        assert all("ConnectionRefusedError" in t.reason for t in tries[:-1]), [t.reason for t in tries]
        assert notification.emailed_at == tries[-1].finished_at
    # Growing delays: the second wait asked for is longer than the first, and no retry starts before
    # its time. (The gaps between the tries' starts also carry the worker's polling, which at a load of
    # 10 outgrew the 0.5 s step between the delays: the delays asked for are what the rule decides.)
    first, second, third = EmailAttempt.objects.filter(notification_id=ids[0]).order_by("started_at")[:3]
    assert (second.next_try_at - second.finished_at) > (first.next_try_at - first.finished_at)
    assert second.started_at >= first.next_try_at and third.started_at >= second.next_try_at
    # The mail server's fault is not the job's: no job failed.
    assert not DBTaskResult.objects.filter(status="FAILED").exists()
    # One line per failed try, never a traceback.
    assert "Traceback" not in output
    assert "failed (will retry, try 1): ConnectionRefusedError" in output


@pytest.mark.django_db(transaction=True)
def test_a_refused_address_stops_at_once_and_a_put_off_one_is_sent_on_the_next_try(
    django_user_model, agreement, rural, database_backend, smtp_settings, client, settings
):
    # Long enough that "too early" below is too early on a busy machine too (0.2 s was not, once).
    settings.PEYMAN_EMAIL_RETRY_DELAYS = [3.0, 6.0]
    notices = people_with_notices(django_user_model, agreement, rural, 3, prefix="mail")
    inbox = Inbox(refuse={"mail-1@example.org"}, put_off_once={"mail-2@example.org"})
    server = start_server(inbox, smtp_settings)
    try:
        ids = queue_emails(notices)
        [job] = DBTaskResult.objects.filter(status="READY")
        assert send_notification_emails.call(*job.args_kwargs["args"]) == 1
        by_person = {n.recipient.username: n for n in Notification.objects.filter(pk__in=ids)}
        gone, busy = by_person["mail-1"], by_person["mail-2"]
        [refused] = gone.email_attempts.all()
        assert refused.outcome == Outcome.GAVE_UP and "550" in refused.reason and refused.next_try_at is None
        [put_off] = busy.email_attempts.all()
        assert put_off.outcome == Outcome.WILL_RETRY and "451" in put_off.reason
        [retry] = DBTaskResult.objects.filter(status="READY").exclude(pk=job.pk)
        assert retry.args_kwargs["args"] == [[busy.pk]]
        assert retry.run_after == put_off.next_try_at

        # Run too early (a job run twice, another worker): nothing is sent, the retry is not spent.
        assert send_notification_emails.call([busy.pk, gone.pk]) == 0
        time.sleep(max(0.0, (put_off.next_try_at - timezone.now()).total_seconds()) + 0.1)
        assert send_notification_emails.call([busy.pk, gone.pk]) == 1
        # Once accepted, never again.
        assert send_notification_emails.call([busy.pk, gone.pk]) == 0
    finally:
        server.stop()
    received = sorted(rcpt for envelope in inbox.envelopes for rcpt in envelope.rcpt_tos)
    assert received == ["mail-0@example.org", "mail-2@example.org"]
    busy.refresh_from_db()
    gone.refresh_from_db()
    assert busy.emailed_at is not None and gone.emailed_at is None
    assert [a.outcome for a in busy.email_attempts.order_by("started_at")] == [Outcome.WILL_RETRY, Outcome.ACCEPTED]
    # Every copy carries the same Message-ID, so a second copy after an unknown outcome folds into one.
    assert inbox.envelopes[-1].content.decode().count(f"<notification-{busy.pk}.") == 1

    # The person reads in the inbox that the mail did not reach them.
    client.force_login(gone.recipient)
    assert "We could not e-mail you this notice" in client.get("/en/inbox/").content.decode()
    assert "نتوانستیم" in client.get("/inbox/").content.decode()
    client.force_login(busy.recipient)
    assert "We could not e-mail you this notice" not in client.get("/en/inbox/").content.decode()


@pytest.mark.django_db(transaction=True)
def test_tries_end_after_the_retry_window(
    django_user_model, agreement, rural, database_backend, smtp_settings, settings
):
    settings.PEYMAN_EMAIL_RETRY_FOR_SECONDS = 0  # no server on the port, and no time to wait for one
    [notification_id] = queue_emails(people_with_notices(django_user_model, agreement, rural, 1, prefix="late"))
    assert send_notification_emails.call([notification_id]) == 0
    [attempt] = EmailAttempt.objects.filter(notification_id=notification_id)
    assert attempt.outcome == Outcome.GAVE_UP and "ConnectionRefusedError" in attempt.reason
    assert DBTaskResult.objects.filter(status="READY").count() == 1  # only the first job; no retry queued


@pytest.mark.django_db(transaction=True)
def test_a_try_whose_worker_died_mid_send_is_sent_again_once_its_claim_has_lapsed(
    django_user_model, agreement, rural, database_backend, smtp_settings
):
    from notifications.tasks import claim_lease

    inbox = Inbox()
    server = start_server(inbox, smtp_settings)
    try:
        [notification_id] = queue_emails(people_with_notices(django_user_model, agreement, rural, 1, prefix="cut"))
        DBTaskResult.objects.all().delete()
        # A worker claimed the mail and was killed before it could say how the try ended.
        cut = EmailAttempt.objects.create(notification_id=notification_id)

        assert send_notification_emails.call([notification_id]) == 0
        [later] = DBTaskResult.objects.filter(status="READY")
        assert later.run_after == cut.started_at + claim_lease()

        EmailAttempt.objects.filter(pk=cut.pk).update(started_at=cut.started_at - claim_lease())
        assert send_notification_emails.call([notification_id]) == 1
        assert send_notification_emails.call([notification_id]) == 0
    finally:
        server.stop()
    assert len(inbox.envelopes) == 1
    cut.refresh_from_db()
    assert cut.outcome == Outcome.WILL_RETRY and cut.reason.startswith("outcome unknown")
