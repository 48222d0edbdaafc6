from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.validators import validate_email
from django.utils.translation import gettext_lazy as _

from agreement.fields import choice_field
from agreement.models import Membership
from agreement.permissions import GRANTABLE_ROLES
from agreement.persian import BIDI_MARKS, clean_persian_input, reading_persian, to_latin_digits

ROLE_CHOICES = [(role.value, role.label) for role in GRANTABLE_ROLES]


def clean_address(text: str) -> str:
    """An e-mail address as typed on a Persian keyboard: Latin digits, no pasted bidi marks, lower case."""
    for mark in [*BIDI_MARKS, "\u200c"]:
        text = text.replace(mark, "")
    return to_latin_digits(text).strip().lower()


class InviteForm(forms.Form):
    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    email = forms.CharField(
        label=_("E-mail address"),
        max_length=150,
        help_text=_("The invitation goes to this address, which is also the username for signing in."),
        widget=forms.EmailInput(attrs={"dir": "ltr", "autocomplete": "off"}),
    )
    role = forms.ChoiceField(label=_("Role"), choices=ROLE_CHOICES, initial=Membership.Role.STAFF)
    language = forms.ChoiceField(label=_("Language of the invitation"), choices=settings.LANGUAGES)

    def __init__(self, *args, parties=(), roles=(), **kwargs):
        """`parties`: to choose from (an administrator appointing an agreement's first people); `roles`:
        the roles offered, when they are more than a focal point gives."""
        super().__init__(*args, **kwargs)
        self.fields["language"].initial = "fa" if reading_persian() else "en"
        if roles:
            choice_field(self, "role").choices = [(role.value, role.label) for role in roles]
        if parties:
            self.parties = {str(party.pk): party for party in parties}
            self.fields["party"] = forms.ChoiceField(
                label=_("Party"), choices=[(key, party.name) for key, party in self.parties.items()]
            )
            self.order_fields(["party"])

    def clean_party(self):
        return self.parties[self.cleaned_data["party"]]

    def clean_first_name(self):
        return clean_persian_input(self.cleaned_data["first_name"])

    def clean_last_name(self):
        return clean_persian_input(self.cleaned_data["last_name"])

    def clean_email(self):
        email = clean_address(self.cleaned_data["email"])
        validate_email(email)
        User = get_user_model()
        if User.objects.filter(email__iexact=email).exists() or User.objects.filter(username__iexact=email).exists():
            raise forms.ValidationError(_("Someone with this address already has an account."))
        return email


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("New role"), choices=ROLE_CHOICES)
