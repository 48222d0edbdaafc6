"""The e-mails with a set-password link, sent by background jobs (never in the request that asks).

The jobs carry ids only; the worker makes the link when it sends, so no token is ever stored.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django_tasks import task

from agreement.models import Agreement
from notifications.email import compose_email
from notifications.models import Preference
from people.models import PasswordLink
from people.tokens import invitation_tokens, password_link_tokens


def invitation_link(user, language: str, *, url_name: str = "set_password", tokens=invitation_tokens) -> str:
    """The set-password address, made when the mail is sent: no token is ever stored."""
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    with translation.override(language):
        path = reverse(url_name, args=[uid, tokens.make_token(user)])
    return settings.PEYMAN_SITE_URL + path


def _send(user, language: str, template: str, context: dict) -> None:
    """people/email/<template>{_subject.txt,.txt,.html} in the person's language, sent now."""
    compose_email(
        to=user.email, language=language, templates=f"people/email/{template}", context={**context, "person": user}
    ).send()


@task()
def send_invitation(user_id: int, agreement_id: int, inviter_id: int) -> bool:
    """E-mail the set-password link in the person's language; False when there is no one to invite.

    Someone deactivated, or who has set a password meanwhile, gets nothing.
    """
    User = get_user_model()
    user = User.objects.select_related("membership__party").filter(pk=user_id).first()
    if user is None or not user.is_active or user.has_usable_password() or not user.email:
        return False
    language = Preference.of(user).language
    with translation.override(language):
        context = {
            "inviter": User.objects.filter(pk=inviter_id).first(),
            "party": user.membership.party,
            "role": user.membership.get_role_display(),
            "agreement": Agreement.objects.get(pk=agreement_id),
            "link": invitation_link(user, language),
            "days": settings.PEYMAN_INVITATION_DAYS,
        }
    _send(user, language, "invitation", context)
    return True


@task()
def send_password_link(user_id: int, agreement_id: int, sender_id: int, number: int) -> bool:
    """E-mail an active person a link to choose a new password; False when there is nothing to send.

    Nothing goes to someone deactivated or still invited, nor when a newer link was asked for
    meanwhile (`number` is no longer the latest): that link's own job sends it.
    """
    User = get_user_model()
    user = User.objects.select_related("membership__party").filter(pk=user_id).first()
    if user is None or not user.is_active or not user.has_usable_password() or not user.email:
        return False
    if PasswordLink.number_of(user) != number:
        return False
    language = Preference.of(user).language
    context = {
        "sender": User.objects.filter(pk=sender_id).first(),
        "party": user.membership.party,
        "agreement": Agreement.objects.get(pk=agreement_id),
        "link": invitation_link(user, language, url_name="new_password", tokens=password_link_tokens),
        "days": settings.PEYMAN_INVITATION_DAYS,
    }
    _send(user, language, "password_link", context)
    return True
