"""The set-password links: Django's password-reset token, under a salt of our own for each kind.

A token is valid for PEYMAN_INVITATION_DAYS (Django reads it as PASSWORD_RESET_TIMEOUT) and only
while the account is as it was when the link was made: Django's hash covers the stored password
(an invitation's unusable marker, or the real hash), the last sign-in and the address.

- The invitation's link ends when a password is set or the invitation is sent again (a new
  unusable marker).
- The link for someone who forgot their password ends when they set a new one, sign in with the
  old one meanwhile, or a newer link is sent. Their password is not touched when the link is
  sent (a focal point must not be able to stop someone signing in this way), so Django's hash
  alone would leave every earlier link working: the hash also covers the number of the latest
  link (people.models.PasswordLink), which each new link, and deactivating, raises.

The two kinds have different salts, so one kind's token never opens the other's page.
"""

from django.contrib.auth.tokens import PasswordResetTokenGenerator


class InvitationTokenGenerator(PasswordResetTokenGenerator):
    key_salt = "peyman.people.tokens.InvitationTokenGenerator"


class PasswordLinkTokenGenerator(PasswordResetTokenGenerator):
    key_salt = "peyman.people.tokens.PasswordLinkTokenGenerator"

    def _make_hash_value(self, user, timestamp):
        from people.models import PasswordLink

        return f"{super()._make_hash_value(user, timestamp)}#{PasswordLink.number_of(user)}"


invitation_tokens = InvitationTokenGenerator()
password_link_tokens = PasswordLinkTokenGenerator()
