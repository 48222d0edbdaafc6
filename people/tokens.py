"""The invitation's set-password link: Django's password-reset token under its own salt.

A token is valid for PEYMAN_INVITATION_DAYS (Django reads it as PASSWORD_RESET_TIMEOUT) and only
until the password is set: the hash covers the stored (unusable) password, which setting a
password, or sending the invitation again, replaces.
"""

from django.contrib.auth.tokens import PasswordResetTokenGenerator


class InvitationTokenGenerator(PasswordResetTokenGenerator):
    key_salt = "peyman.people.tokens.InvitationTokenGenerator"


invitation_tokens = InvitationTokenGenerator()
