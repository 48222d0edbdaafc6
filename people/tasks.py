"""The invitation e-mail, sent by a background job (never in the request that invites)."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django_tasks import task

from agreement.models import Agreement
from notifications.models import Preference
from people.tokens import invitation_tokens


def invitation_link(user, language: str) -> str:
    """The set-password address, made when the mail is sent: no token is ever stored."""
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    with translation.override(language):
        path = reverse("set_password", args=[uid, invitation_tokens.make_token(user)])
    return settings.PEYMAN_SITE_URL + path


@task()
def send_invitation(user_id: int, agreement_id: int, inviter_id: int) -> bool:
    """E-mail the set-password link in the person's language; False when there is no one to invite.

    Someone deactivated, or who has set a password meanwhile, gets nothing.
    """
    User = get_user_model()
    user = User.objects.select_related("membership__party").filter(pk=user_id).first()
    if user is None or not user.is_active or user.has_usable_password() or not user.email:
        return False
    inviter = User.objects.filter(pk=inviter_id).first()
    agreement = Agreement.objects.get(pk=agreement_id)
    language = Preference.of(user).language
    with translation.override(language):
        context = {
            "person": user,
            "inviter": inviter,
            "party": user.membership.party,
            "role": user.membership.get_role_display(),
            "agreement": agreement,
            "link": invitation_link(user, language),
            "days": settings.PEYMAN_INVITATION_DAYS,
            "language": language,
            "rtl": translation.get_language_bidi(),
        }
        subject = " ".join(render_to_string("people/email/invitation_subject.txt", context).split())
        text = render_to_string("people/email/invitation.txt", context)
        html = render_to_string("people/email/invitation.html", context)
    message = mail.EmailMultiAlternatives(
        subject=subject,
        body=text,
        to=[user.email],
        headers={"Content-Language": language, "Auto-Submitted": "auto-generated"},
    )
    message.attach_alternative(html, "text/html")
    message.send()
    return True
