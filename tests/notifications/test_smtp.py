"""Through a real SMTP server (aiosmtpd, started here): the message as a mail client receives it."""

import email
import socket
from email import policy

import pytest
from aiosmtpd.controller import Controller


class Inbox:
    def __init__(self):
        self.envelopes = []

    async def handle_DATA(self, server, session, envelope):
        self.envelopes.append(envelope)
        return "250 OK"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp_server(settings):
    inbox = Inbox()
    # A generous start-up wait: the machine running the suite may be busy.
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port(), ready_timeout=60)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = controller.port
    settings.DEFAULT_FROM_EMAIL = "peyman@example.org"
    settings.PEYMAN_SITE_URL = "https://peyman.example"
    yield inbox
    controller.stop()


def test_a_returned_entry_arrives_as_persian_html_and_text(
    smtp_server, commitment, rural_staff, monitor, with_emails, log_entry, return_entry
):
    entry = log_entry(commitment("B5"), rural_staff)
    return_entry(entry, monitor, comment="عکس بازدید را پیوست کنید")

    [envelope] = smtp_server.envelopes
    assert envelope.rcpt_tos == ["rural-staff@example.org"]
    message = email.message_from_bytes(envelope.content, policy=policy.default)
    # A long encoded subject is folded onto the next line; clients show it without the fold.
    assert message["Subject"].strip() == "پیمان: گزارش شما دربارهٔ B5 بازگردانده شد"
    assert message["From"] == "peyman@example.org"
    assert message["To"] == "rural-staff@example.org"
    assert message["Content-Language"] == "fa"
    assert message.get_content_type() == "multipart/alternative"
    text = message.get_body(preferencelist=("plain",)).get_content()
    html = message.get_body(preferencelist=("html",)).get_content()
    assert "عکس بازدید را پیوست کنید" in text
    assert f"https://peyman.example/a/qazvin-ikrc-rural-1397/commitments/B5/#entry-{entry.pk}" in text
    assert 'dir="rtl"' in html
    assert 'lang="fa"' in html
    assert "عکس بازدید را پیوست کنید" in html
