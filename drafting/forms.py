"""The forms of the drafting pages: a new agreement, a commitment typed in, a spreadsheet to import."""

import datetime as dt
import re

from django import forms
from django.core.validators import validate_slug
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from agreement.fields import (
    LocalDateField,
    PersianDecimalField,
    PersianDigitsMixin,
    PersianTextField,
    label_choices_with,
    model_choice_field,
)
from agreement.models import Agreement, Party
from agreement.persian import clean_persian_input, search_key, to_latin_digits
from drafting.services import PartyToSign
from obligations.models import Commitment

# An agreement has two parties or more (tripartite memoranda exist): every page reads its parties
# from its signatories, so the form's only limit is how many blocks it shows.
LABELS = tuple("ABCDEFGH")
MIN_PARTIES, MAX_PARTIES = 2, len(LABELS)


def party_count(value, default: int = MIN_PARTIES) -> int:
    """How many party blocks the form shows: a number from the form or the address, kept within the limits."""
    try:
        count = int(str(value))
    except ValueError:
        return default
    return min(max(count, MIN_PARTIES), MAX_PARTIES)


_COUNTY_SEPARATORS = re.compile(r"\s*[,،\t|]\s*")


def _party_fields(label: str) -> dict[str, forms.Field]:
    prefix = label.lower()
    return {
        f"{prefix}_party": forms.ModelChoiceField(
            label=_("Existing party"),
            queryset=Party.objects.all(),
            required=False,
            help_text=_("Or leave it empty and name a new party below."),
        ),
        f"{prefix}_new_code": forms.SlugField(
            label=_("New party's short code"), max_length=32, required=False, widget=forms.TextInput({"dir": "ltr"})
        ),
        f"{prefix}_new_name_fa": PersianTextField(
            label=_("New party's name (Persian)"), max_length=200, required=False
        ),
        f"{prefix}_new_name_en": PersianTextField(
            label=_("New party's name (English)"), max_length=200, required=False
        ),
        f"{prefix}_signatory_name_fa": PersianTextField(label=_("Signed by (Persian)"), max_length=200),
        f"{prefix}_signatory_name_en": PersianTextField(label=_("Signed by (English)"), max_length=200),
        f"{prefix}_signatory_title_fa": PersianTextField(label=_("Signatory's title (Persian)"), max_length=200),
        f"{prefix}_signatory_title_en": PersianTextField(label=_("Signatory's title (English)"), max_length=200),
    }


class AgreementHeadingForm(PersianDigitsMixin, forms.Form):
    """What names and dates an agreement, new or a renewal: its reference (free), titles and dates."""

    reference = forms.SlugField(
        label=_("Reference"),
        max_length=64,
        help_text=_("Latin letters, digits and hyphens; it becomes the agreement's address, e.g. qazvin-relief-1404."),
        widget=forms.TextInput({"dir": "ltr"}),
    )
    title_fa = PersianTextField(label=_("Title (Persian)"), max_length=300)
    title_en = PersianTextField(label=_("Title (English)"), max_length=300)
    signed_on = LocalDateField(label=_("Date signed"))
    starts_on = LocalDateField(label=_("Start date"), required=False)
    ends_on = LocalDateField(label=_("End date"), required=False)

    def clean_reference(self):
        reference = self.cleaned_data["reference"]
        if Agreement.objects.filter(reference=reference).exists():
            raise forms.ValidationError(_("Another agreement has this reference."))
        return reference

    def clean(self):
        data = super().clean() or {}
        starts, ends = data.get("starts_on"), data.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", _("The end date is before the start date."))
        return data


class DraftForm(AgreementHeadingForm):
    purpose_fa = PersianTextField(label=_("Purpose (Persian)"), required=False, widget=forms.Textarea({"rows": 3}))
    purpose_en = PersianTextField(label=_("Purpose (English)"), required=False, widget=forms.Textarea({"rows": 3}))
    party_count = forms.IntegerField(
        min_value=MIN_PARTIES, max_value=MAX_PARTIES, required=False, widget=forms.HiddenInput
    )
    monitoring = forms.ChoiceField(
        label=_("Monitoring party"),
        widget=forms.RadioSelect,
        help_text=_("Exactly one party monitors: its monitors review every party's work and issue the reports."),
    )
    counties = PersianTextField(
        label=_("Counties"),
        required=False,
        widget=forms.Textarea({"rows": 4}),
        help_text=_("One a line: code, Persian name, English name; for example «abyek، آبیک، Abyek»."),
    )

    def __init__(self, *args, parties: int = MIN_PARTIES, **kwargs):
        super().__init__(*args, **kwargs)
        if self.is_bound:
            parties = party_count(self.data.get("party_count"), parties)
        self.labels = LABELS[:parties]
        self.initial["party_count"] = parties
        for label in self.labels:
            self.fields.update(_party_fields(label))
            label_choices_with(self, f"{label.lower()}_party", lambda party: party.name)
        monitoring = self.fields["monitoring"]
        assert isinstance(monitoring, forms.ChoiceField)
        monitoring.choices = [(label, _("Party %(label)s") % {"label": label}) for label in self.labels]
        self.order_fields(["reference", "title_fa", "title_en", "signed_on", "starts_on", "ends_on"])

    @property
    def may_add_party(self) -> bool:
        return len(self.labels) < MAX_PARTIES

    def party_groups(self) -> list[tuple[str, list]]:
        """The template's fieldsets: each party's fields under its label."""
        return [(label, [self[name] for name in _party_fields(label)]) for label in self.labels]

    def main_fields(self) -> list:
        return [self[name] for name in ("reference", "title_fa", "title_en", "signed_on", "starts_on", "ends_on")]

    def clean_counties(self) -> list[tuple[str, str, str]]:
        counties, codes = [], set()
        for number, line in enumerate(self.cleaned_data["counties"].splitlines(), start=1):
            if not line.strip():
                continue
            parts = _COUNTY_SEPARATORS.split(line.strip())
            if len(parts) != 3 or not all(parts):
                raise forms.ValidationError(
                    _("Line %(line)s: write the code, the Persian name and the English name."), params={"line": number}
                )
            code = to_latin_digits(parts[0]).lower()
            try:
                validate_slug(code)
            except forms.ValidationError:
                raise forms.ValidationError(
                    _("Line %(line)s: a code has Latin letters, digits and hyphens only."), params={"line": number}
                ) from None
            if code in codes:
                raise forms.ValidationError(_("Line %(line)s: this code is there twice."), params={"line": number})
            codes.add(code)
            counties.append((code, clean_persian_input(parts[1]), clean_persian_input(parts[2])))
        return counties

    def clean(self):
        data = super().clean() or {}
        chosen: dict[object, str] = {}
        for label in self.labels:
            prefix = label.lower()
            party = data.get(f"{prefix}_party")
            new = [data.get(f"{prefix}_new_{name}") for name in ("code", "name_fa", "name_en")]
            if party is None and not all(new):
                self.add_error(f"{prefix}_party", _("Choose a party, or give the new party's code and both names."))
            elif party is not None and any(new):
                self.add_error(f"{prefix}_new_code", _("Either an existing party or a new one, not both."))
            elif party is None and Party.objects.filter(code=new[0]).exists():
                self.add_error(f"{prefix}_new_code", _("A party with this code exists: choose it above."))
            key = party.pk if party is not None else new[0]
            if key and key in chosen:
                self.add_error(
                    f"{prefix}_party",
                    _("This is already party %(label)s: each party once.") % {"label": chosen[key]},
                )
            elif key:
                chosen[key] = label
        return data

    def parties(self) -> list[PartyToSign]:
        data = self.cleaned_data
        return [
            PartyToSign(
                label=label,
                party=data[f"{label.lower()}_party"],
                **{
                    name: data[f"{label.lower()}_{name}"]
                    for name in (
                        "new_code",
                        "new_name_fa",
                        "new_name_en",
                        "signatory_name_fa",
                        "signatory_name_en",
                        "signatory_title_fa",
                        "signatory_title_en",
                    )
                },
                monitors=data["monitoring"] == label,
            )
            for label in self.labels
        ]


class RenewalForm(AgreementHeadingForm):
    """A renewal as a new agreement: its own reference, title and dates; the rest comes from the old one."""

    starts_on = LocalDateField(label=_("Start date"))  # a renewal's term starts on a known day

    @classmethod
    def initial_for(cls, old: Agreement) -> dict:
        """The old one's title, a free reference after its own, and a term as long from the day after it ends."""
        taken = set(Agreement.objects.filter(reference__startswith=old.reference).values_list("reference", flat=True))
        number = 2
        while f"{old.reference}-{number}"[:64] in taken:
            number += 1
        initial: dict = {"reference": f"{old.reference}-{number}"[:64]}
        initial |= {"title_fa": old.title_fa, "title_en": old.title_en, "signed_on": timezone.localdate()}
        if old.ends_on is not None:
            starts = old.ends_on + dt.timedelta(days=1)
            initial["starts_on"] = starts
            if old.starts_on is not None:
                initial["ends_on"] = starts + (old.ends_on - old.starts_on)
        return initial


class CommitmentForm(PersianDigitsMixin, forms.ModelForm):
    """A commitment typed in, or one of a draft's edited; the owner is one of the draft's parties, or
    none for a joint one. Every field is checked before anything is saved (a ModelForm's is_valid)."""

    due_on = LocalDateField(label=_("Due date"), required=False)
    indicator_baseline = PersianDecimalField(label=_("Baseline"), required=False, max_digits=12, decimal_places=2)
    indicator_target = PersianDecimalField(label=_("Target"), required=False, max_digits=12, decimal_places=2)
    number = PersianTextField(label=_("Number"), max_length=16, widget=forms.TextInput({"dir": "ltr"}))
    text_fa = PersianTextField(label=_("Text (Persian)"), widget=forms.Textarea({"rows": 3}))
    text_en = PersianTextField(label=_("Text (English)"), required=False, widget=forms.Textarea({"rows": 3}))

    class Meta:
        model = Commitment
        fields = [
            "number",
            "owner",
            "text_fa",
            "text_en",
            "category",
            "due_on",
            "indicator_unit_fa",
            "indicator_unit_en",
            "indicator_baseline",
            "indicator_target",
            "indicator_kind",
        ]

    def __init__(self, data=None, *, agreement: Agreement, instance: Commitment | None = None, initial=None):
        super().__init__(data, instance=instance or Commitment(agreement=agreement), initial=initial)
        owner = model_choice_field(self, "owner")
        owner.queryset = Party.objects.filter(signatures__agreement=agreement).order_by("signatures__label")
        owner.empty_label = str(_("Joint (all parties)"))
        label_choices_with(self, "owner", lambda party: party.name)
        self.fields["owner"].help_text = ""

    def clean(self):
        """One number once per owner, however its digits were typed (H1 and H۱ are one number)."""
        data = super().clean() or {}
        number = data.get("number")
        if number and "owner" in data:
            numbers = Commitment.all_kinds.filter(agreement=self.instance.agreement, owner=data["owner"])
            if self.instance.pk is not None:
                numbers = numbers.exclude(pk=self.instance.pk)  # its own number, kept or retyped
            if search_key(number) in {search_key(n) for n in numbers.values_list("number", flat=True)}:
                self.add_error("number", _("This party already owes a commitment with this number."))
        return data


class DiscardForm(PersianDigitsMixin, forms.Form):
    """Why a draft is put aside: kept with it, for whoever reads its history."""

    reason = PersianTextField(
        label=_("Why is it discarded?"),
        max_length=2000,
        widget=forms.Textarea({"rows": 3}),
        help_text=_("For example: drafted twice by mistake, or the parties did not sign it."),
    )


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Spreadsheet"),
        help_text=_(
            "In the format of the commitments export (CSV or XLSX, headers in Persian or English); "
            "its computed columns (status, progress, flags) are ignored."
        ),
    )
