"""Forms of the joint committee and the executive calendar; dates typed in the reader's calendar."""

import datetime as dt
import re
from typing import cast
from zoneinfo import ZoneInfo

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from agreement.fields import (
    LocalDateField,
    PersianIntegerField,
    PersianTextField,
    choice_field,
    label_choices_with,
    model_choice_field,
)
from agreement.formatting import person_name, plain_number
from agreement.persian import reading_persian, to_latin_digits
from committee.models import HIJRI_MONTHS_EN, HIJRI_MONTHS_FA, Decision
from obligations.models import Commitment

BOTH = "both"


def _commitment_choices(agreement):
    return Commitment.objects.filter(agreement=agreement).select_related("owner").order_by("position", "number")


class CommitmentsField(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, obj):
        return f"{obj.number}: {obj.text[:90]}"


class PartyChoiceField(forms.ChoiceField):
    """One of the agreement's parties, or both of them (stored as no party)."""

    def setup(self, agreement):
        self.parties = {str(s.party_id): s.party for s in agreement.signatories.all()}
        self.choices = [(BOTH, _("Both parties (joint)"))] + [(pk, p.name) for pk, p in self.parties.items()]

    def party(self, value):
        return self.parties.get(value)


def _party_field(form: forms.BaseForm, name: str) -> PartyChoiceField:
    """The form's PartyChoiceField `name`, as the type checker should see it (see agreement.fields)."""
    return cast(PartyChoiceField, form.fields[name])


class TimeField(forms.CharField):
    """A time of day typed as 9:30 or ۰۹:۳۰."""

    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return None
        match = re.fullmatch(r"\s*(\d{1,2})\s*[:٫.]\s*(\d{2})\s*", to_latin_digits(value))
        if not match or int(match.group(1)) > 23 or int(match.group(2)) > 59:
            raise forms.ValidationError(_("Enter the time as hours:minutes, for example 09:30."), code="invalid")
        return dt.time(int(match.group(1)), int(match.group(2)))


class MeetingForm(forms.Form):
    date = LocalDateField(label=_("Date"))
    time = TimeField(
        label=_("Time"), widget=forms.TextInput(attrs={"dir": "ltr", "inputmode": "numeric", "placeholder": "10:00"})
    )
    duration_minutes = PersianIntegerField(label=_("Length in minutes"), min_value=15, max_value=600, initial=120)
    place = PersianTextField(label=_("Place"), max_length=200)
    follow_up = forms.ModelMultipleChoiceField(
        label=_("Open decisions of earlier meetings to follow up"),
        queryset=Decision.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Each one chosen becomes an agenda item of this meeting."),
    )

    def __init__(self, *args, agreement, offer_follow_up=True, **kwargs):
        super().__init__(*args, **kwargs)
        if offer_follow_up:
            open_decisions = Decision.objects.of(agreement).open().for_lists()
            model_choice_field(self, "follow_up").queryset = open_decisions
            label_choices_with(
                self,
                "follow_up",
                lambda d: f"{plain_number(d.meeting.code)} #{plain_number(d.position)}: {d.text[:90]}",
            )
            self.fields["follow_up"].initial = list(open_decisions)
        else:
            del self.fields["follow_up"]

    def starts_at(self) -> dt.datetime:
        data = self.cleaned_data
        return dt.datetime.combine(data["date"], data["time"], tzinfo=ZoneInfo(settings.TIME_ZONE))


class AgendaItemForm(forms.Form):
    title = PersianTextField(label=_("Agenda item"), max_length=500)
    commitments = CommitmentsField(label=_("Commitments concerned"), queryset=Commitment.objects.none(), required=False)

    def __init__(self, *args, agreement, **kwargs):
        super().__init__(*args, **kwargs)
        model_choice_field(self, "commitments").queryset = _commitment_choices(agreement)


class AttendanceForm(forms.Form):
    members = forms.ModelMultipleChoiceField(
        label=_("Members of the parties present"),
        queryset=get_user_model().objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    guests = PersianTextField(
        label=_("Guests"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One per line: name – organisation."),
    )

    def __init__(self, *args, agreement, **kwargs):
        super().__init__(*args, **kwargs)
        party_ids = agreement.party_ids()
        members = get_user_model().objects.filter(
            Q(membership__party_id__in=party_ids) | Q(committee_seats__agreement=agreement), is_active=True
        )
        model_choice_field(self, "members").queryset = (
            members.select_related("membership__party").distinct().order_by("membership__party", "last_name")
        )
        label_choices_with(
            self,
            "members",
            lambda u: (
                f"{person_name(u)} ({u.membership.party.short_name})" if hasattr(u, "membership") else person_name(u)
            ),
        )

    def clean_guests(self):
        guests = []
        for line in (self.cleaned_data["guests"] or "").splitlines():
            if not line.strip():
                continue
            parts = re.split(r"\s+[–-]\s+|،|,", line, maxsplit=1)
            if len(parts) != 2 or not parts[0].strip() or not parts[1].strip():
                raise forms.ValidationError(
                    _("Write each guest as: name – organisation (%(line)s)."), params={"line": line}, code="guest"
                )
            guests.append((parts[0].strip(), parts[1].strip()))
        return guests


class MinutesForm(forms.Form):
    text = PersianTextField(label=_("Minutes"), widget=forms.Textarea(attrs={"rows": 12}), max_length=20000)


class MinutesCorrectionForm(MinutesForm):
    reason = PersianTextField(label=_("What the correction changes, and why"), max_length=2000)


class DecisionForm(forms.Form):
    text_fa = PersianTextField(label=_("Decision (Persian)"), widget=forms.Textarea(attrs={"rows": 3}), max_length=3000)
    text_en = forms.CharField(
        label=_("Decision (English)"),
        widget=forms.Textarea(attrs={"rows": 2, "dir": "ltr"}),
        max_length=3000,
        required=False,
    )
    owner = PartyChoiceField(label=_("Responsible for the follow-up"))
    responsible_person = forms.ModelChoiceField(
        label=_("Person following it up"),
        queryset=get_user_model().objects.none(),
        required=False,
        empty_label=_("– none –"),
    )
    due_on = LocalDateField(label=_("Due date"), required=False)
    linked_commitments = CommitmentsField(
        label=_("Commitments it serves"), queryset=Commitment.objects.none(), required=False
    )

    def __init__(self, *args, agreement, **kwargs):
        super().__init__(*args, **kwargs)
        _party_field(self, "owner").setup(agreement)
        model_choice_field(self, "linked_commitments").queryset = _commitment_choices(agreement)
        people = get_user_model().objects.filter(membership__party_id__in=agreement.party_ids(), is_active=True)
        model_choice_field(self, "responsible_person").queryset = people.select_related("membership__party").order_by(
            "membership__party", "last_name"
        )
        label_choices_with(self, "responsible_person", lambda u: f"{person_name(u)} ({u.membership.party.short_name})")

    def clean(self):
        super().clean()
        data = self.cleaned_data  # what Form.clean() returns, typed
        person, owner = data.get("responsible_person"), _party_field(self, "owner").party(data.get("owner"))
        if person is not None and owner is not None and person.membership.party_id != owner.pk:
            self.add_error("responsible_person", _("This person does not work for the responsible party."))
        return data

    def decision_fields(self) -> dict:
        data = self.cleaned_data
        return {
            "text_fa": data["text_fa"],
            "text_en": data["text_en"].strip(),
            "owner": _party_field(self, "owner").party(data["owner"]),
            "due_on": data["due_on"],
            "responsible_person": data["responsible_person"],
            "linked_commitments": list(data["linked_commitments"]),
        }

    @classmethod
    def initial_for(cls, decision) -> dict:
        return {
            "text_fa": decision.commitment.text_fa,
            "text_en": decision.commitment.text_en,
            "owner": str(decision.commitment.owner_id) if decision.commitment.owner_id else BOTH,
            "due_on": decision.commitment.due_on,
            "responsible_person": decision.responsible_person_id,
            "linked_commitments": list(decision.linked_commitments.all()),
        }


class ProgrammeForm(forms.Form):
    FIXED, HIJRI = "fixed", "hijri"

    title_fa = PersianTextField(label=_("Title (Persian)"), max_length=200)
    title_en = forms.CharField(
        label=_("Title (English)"), max_length=200, required=False, widget=forms.TextInput(attrs={"dir": "ltr"})
    )
    description = PersianTextField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3}), max_length=3000
    )
    responsible_party = PartyChoiceField(label=_("Responsible party"))
    dating = forms.ChoiceField(
        label=_("Dated by"),
        choices=[(FIXED, _("Fixed dates")), (HIJRI, _("A Hijri (lunar) date, every year"))],
        widget=forms.RadioSelect,
        initial=FIXED,
    )
    starts_on = LocalDateField(label=_("First day"), required=False)
    ends_on = LocalDateField(label=_("Last day"), required=False, help_text=_("Leave empty for a one-day programme."))
    hijri_month = forms.TypedChoiceField(label=_("Hijri month"), coerce=int, required=False, empty_value=None)
    hijri_day = PersianIntegerField(label=_("Hijri day"), min_value=1, max_value=30, required=False)
    length_days = PersianIntegerField(label=_("Length in days"), min_value=1, max_value=60, initial=1, required=False)
    commitments = CommitmentsField(label=_("Commitments it serves"), queryset=Commitment.objects.none(), required=False)

    def __init__(self, *args, agreement, **kwargs):
        super().__init__(*args, **kwargs)
        _party_field(self, "responsible_party").setup(agreement)
        months = HIJRI_MONTHS_FA if reading_persian() else HIJRI_MONTHS_EN
        choice_field(self, "hijri_month").choices = [("", "–")] + [(i, name) for i, name in enumerate(months, start=1)]
        model_choice_field(self, "commitments").queryset = _commitment_choices(agreement)

    def clean(self):
        super().clean()
        data = self.cleaned_data  # what Form.clean() returns, typed
        if data.get("dating") == self.HIJRI:
            for name in ("hijri_month", "hijri_day"):
                if not data.get(name):
                    self.add_error(name, _("A Hijri-dated programme needs its month and day."))
        elif not data.get("starts_on"):
            self.add_error("starts_on", _("Enter the first day."))
        elif data.get("ends_on") and data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", _("The last day cannot be before the first day."))
        return data

    def programme_fields(self) -> dict:
        data = self.cleaned_data
        hijri = data["dating"] == self.HIJRI
        return {
            "title_fa": data["title_fa"],
            "title_en": data["title_en"].strip(),
            "description": data["description"],
            "responsible_party": _party_field(self, "responsible_party").party(data["responsible_party"]),
            "starts_on": None if hijri else data["starts_on"],
            "ends_on": None if hijri else data["ends_on"],
            "hijri_month": data["hijri_month"] if hijri else None,
            "hijri_day": data["hijri_day"] if hijri else None,
            "length_days": data["length_days"] or 1,
        }

    @classmethod
    def initial_for(cls, programme) -> dict:
        return {
            "title_fa": programme.title_fa,
            "title_en": programme.title_en,
            "description": programme.description,
            "responsible_party": str(programme.responsible_party_id) if programme.responsible_party_id else BOTH,
            "dating": cls.HIJRI if programme.is_hijri_pinned else cls.FIXED,
            "starts_on": programme.starts_on,
            "ends_on": programme.ends_on,
            "hijri_month": programme.hijri_month,
            "hijri_day": programme.hijri_day,
            "length_days": programme.length_days,
            "commitments": list(programme.commitments.all()),
        }


class ProgrammeCorrectionForm(forms.Form):
    hijri_year = PersianIntegerField(label=_("Hijri year"), min_value=1343, max_value=1500)
    starts_on = LocalDateField(label=_("Official first day that year"))
    note = PersianTextField(label=_("Why"), max_length=300, required=False)
