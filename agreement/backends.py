"""The sign-in backend: the signed-in person with their membership and party in one query."""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend


class MemberBackend(ModelBackend):
    """ModelBackend whose per-request user lookup brings the membership and its party along.

    Every page asks the rule book (agreement.permissions) about `user.membership` and its party;
    loaded with the user they cost no query of their own on any request (issue 21: the request's
    set-up looked up once). Who may sign in, and how, is ModelBackend's unchanged.
    """

    def get_user(self, user_id):
        user_model = get_user_model()
        user = user_model._default_manager.select_related("membership__party").filter(pk=user_id).first()
        return user if user is not None and self.user_can_authenticate(user) else None
