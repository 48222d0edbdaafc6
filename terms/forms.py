from django import forms
from django.utils.translation import gettext_lazy as _

from agreement.fields import LocalDateField, PersianIntegerField


class TermForm(forms.Form):
    starts_on = LocalDateField(label=_("First day"))
    ends_on = LocalDateField(label=_("Last day"))
    notice_days = PersianIntegerField(label=_("Notice period in days"), min_value=0, max_value=3650, initial=90)
    renews_itself = forms.BooleanField(label=_("Renews itself at the end"), required=False)

    def clean(self):
        super().clean()
        data = self.cleaned_data
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", _("A term ends on or after its first day."))
        return data


class RenewForm(forms.Form):
    # On the term page beside TermForm, which has its own `ends_on`: a prefix keeps the ids apart.
    prefix = "renew"
    ends_on = LocalDateField(label=_("Last day of the new term"))

    def __init__(self, *args, current=None, **kwargs):
        self.current = current
        super().__init__(*args, **kwargs)

    def clean_ends_on(self):
        ends_on = self.cleaned_data["ends_on"]
        if self.current is not None and ends_on <= self.current.ends_on:
            raise forms.ValidationError(_("The new term ends after the current one."))
        return ends_on
