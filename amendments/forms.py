"""The amendment's forms: the addendum itself, and one change of it."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from agreement.fields import (
    LocalDateField,
    PersianDecimalField,
    PersianIntegerField,
    choice_field,
    label_choices_with,
    model_choice_field,
)
from amendments.models import Amendment, AmendmentChange, stored_value
from obligations.models import Commitment
from obligations.progress import IndicatorKind

# What a signed scan may be: read back from the file's first bytes, not from its name.
SCAN_MAGIC = {b"%PDF": "PDF", b"\x89PNG": "PNG", b"\xff\xd8\xff": "JPEG"}


class AmendmentForm(forms.Form):
    number = PersianIntegerField(label=_("Addendum number"), min_value=1)
    signed_on = LocalDateField(label=_("Date signed"))
    effective_on = LocalDateField(label=_("In force from"))
    rationale_fa = forms.CharField(label=_("Rationale (Persian)"), widget=forms.Textarea(attrs={"rows": 3}))
    rationale_en = forms.CharField(
        label=_("Rationale (English)"), required=False, widget=forms.Textarea(attrs={"rows": 3, "dir": "ltr"})
    )
    scan = forms.FileField(label=_("Signed scan"), help_text=_("PDF, JPEG or PNG of the signed addendum."))

    def __init__(self, *args, agreement, **kwargs):
        self.agreement = agreement
        super().__init__(*args, **kwargs)

    def clean_number(self):
        number = self.cleaned_data["number"]
        if Amendment.objects.filter(agreement=self.agreement, number=number).exists():
            raise forms.ValidationError(_("This agreement already has an addendum with this number."))
        return number

    def clean_scan(self):
        scan = self.cleaned_data["scan"]
        if scan.size > settings.PEYMAN_EVIDENCE_MAX_BYTES:
            raise forms.ValidationError(_("The file is too large."))
        head = scan.read(8)
        scan.seek(0)
        if not any(head.startswith(magic) for magic in SCAN_MAGIC):
            raise forms.ValidationError(_("The scan must be a PDF, JPEG or PNG file."))
        return scan

    def clean(self):
        super().clean()
        data = self.cleaned_data
        signed, effective = data.get("signed_on"), data.get("effective_on")
        if signed and effective and effective < signed:
            self.add_error("effective_on", _("An addendum comes into force on or after the day it is signed."))
        return data


JOINT = "joint"


class ChangeForm(forms.Form):
    """One change. For a modification, only the fields filled in change; the rest stay as they are."""

    action = forms.ChoiceField(label=_("Change"), choices=AmendmentChange.Action.choices)
    commitment = forms.ModelChoiceField(label=_("Commitment"), queryset=Commitment.objects.none(), required=False)
    number = forms.CharField(label=_("Number"), max_length=16, required=False)
    text_fa = forms.CharField(label=_("Text (Persian)"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    text_en = forms.CharField(
        label=_("Text (English)"), required=False, widget=forms.Textarea(attrs={"rows": 3, "dir": "ltr"})
    )
    owner = forms.ChoiceField(label=_("Owed by"), required=False)
    indicator_kind = forms.ChoiceField(
        label=_("Kind of indicator"), required=False, choices=[("", "—"), *IndicatorKind.choices]
    )
    indicator_unit_fa = forms.CharField(label=_("Indicator unit (Persian)"), max_length=100, required=False)
    indicator_unit_en = forms.CharField(label=_("Indicator unit (English)"), max_length=100, required=False)
    indicator_baseline = PersianDecimalField(
        label=_("Baseline"), required=False, min_value=0, max_digits=12, decimal_places=2
    )
    indicator_target = PersianDecimalField(
        label=_("Target"), required=False, min_value=0.01, max_digits=12, decimal_places=2
    )
    due_on = LocalDateField(label=_("Due date"), required=False)

    VALUE_FIELDS = (
        "number", "text_fa", "text_en", "owner", "indicator_kind", "indicator_unit_fa", "indicator_unit_en",
        "indicator_baseline", "indicator_target", "due_on",
    )  # fmt: skip

    def __init__(self, *args, agreement, **kwargs):
        super().__init__(*args, **kwargs)
        self.agreement = agreement
        model_choice_field(self, "commitment").queryset = Commitment.objects.filter(agreement=agreement).select_related(
            "owner"
        )
        label_choices_with(self, "commitment", lambda c: f"{c.number}: {c.text[:80]}")
        choice_field(self, "owner").choices = [
            ("", "—"),
            (JOINT, _("Joint (all parties)")),
            *((s.party.code, s.party.short_name or s.party.name) for s in agreement.signatories.all()),
        ]

    def values(self) -> dict:
        """The filled-in fields as a change stores them (stored_value's form)."""
        data = self.cleaned_data
        probe = Commitment(agreement=self.agreement)
        values = {}
        for name in self.VALUE_FIELDS:
            value = data.get(name)
            if value in (None, ""):
                continue
            if name == "owner":
                values[name] = "" if value == JOINT else value
                continue
            setattr(probe, name, value)
            values[name] = stored_value(probe, name)
        return values

    def clean(self):
        super().clean()
        data = self.cleaned_data
        action = data.get("action")
        commitment = data.get("commitment")
        if action in (AmendmentChange.Action.MODIFY, AmendmentChange.Action.WITHDRAW) and commitment is None:
            self.add_error("commitment", _("Choose the commitment this change concerns."))
        if action == AmendmentChange.Action.ADD:
            if commitment is not None:
                self.add_error("commitment", _("A new commitment has no commitment to choose."))
            for name in ("number", "text_fa"):
                if not data.get(name):
                    self.add_error(name, _("A new commitment needs this."))
        if action == AmendmentChange.Action.MODIFY and commitment is not None and not self.errors:
            values = self.values()
            if not values or all(stored_value(commitment, k) == v for k, v in values.items()):
                raise forms.ValidationError(_("Fill in at least one value that changes."))
        number = data.get("number")
        if number and not self.errors:
            taken = Commitment.all_kinds.filter(agreement=self.agreement, number=number)
            if commitment is not None:
                taken = taken.exclude(pk=commitment.pk)
            if taken.exists():
                self.add_error("number", _("Another commitment of this agreement has this number."))
        return data
