"""One notification as an e-mail in its recipient's language: Persian right-to-left HTML with Jalali
dates, or English, each with a plain-text part."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation

from notifications.models import Notification, Preference
from notifications.services import site_domain


def compose_email(*, to: str, language: str, templates: str, context: dict, headers: dict | None = None):
    """The one e-mail builder: `<templates>_subject.txt`, `.txt` and `.html` rendered in `language`
    (right to left in Persian, through the shared frame), as a plain-text message with its HTML part.

    Every message says it was sent by a machine (Auto-Submitted), so autoresponders do not answer.
    """
    with translation.override(language):
        context = {**context, "language": language, "rtl": translation.get_language_bidi()}
        subject = " ".join(render_to_string(f"{templates}_subject.txt", context).split())
        text = render_to_string(f"{templates}.txt", context)
        html = render_to_string(f"{templates}.html", context)
    message = EmailMultiAlternatives(
        subject=subject,
        body=text,
        to=[to],
        headers={"Content-Language": language, "Auto-Submitted": "auto-generated", **(headers or {})},
    )
    message.attach_alternative(html, "text/html")
    return message


def build_message(notification: Notification, preference: Preference) -> EmailMultiAlternatives:
    language = preference.language
    with translation.override(language):
        context = {
            "notification": notification,
            "agreement": notification.agreement,
            "recipient": notification.recipient,
            "message": notification.message,
            "link": settings.PEYMAN_SITE_URL + notification.link(language) if notification.path else "",
            "settings_link": settings.PEYMAN_SITE_URL + _prefixed("/inbox/settings/", language),
        }
    # The same Message-ID on every try: if a try's outcome was unknown (the connection dropped after
    # the message was sent) and a second copy gets through, receiving servers and mail clients that
    # fold duplicates by Message-ID show it once.
    return compose_email(
        to=notification.recipient.email,
        language=language,
        templates="notifications/email/message",
        context=context,
        headers={"Message-ID": message_id(notification)},
    )


def message_id(notification: Notification) -> str:
    return f"<notification-{notification.pk}.{notification.created_at:%Y%m%d%H%M%S}@{site_domain()}>"


def _prefixed(path: str, language: str) -> str:
    return path if language == settings.LANGUAGE_CODE else f"/{language}{path}"
