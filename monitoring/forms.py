"""Forms of the review queue, the review page and the evaluation pages."""

from django import forms
from django.utils.translation import gettext_lazy as _

from agreement.fields import PersianTextField, choice_field
from monitoring.models import Rating
from obligations.models import Review


class ReviewDecisionForm(forms.Form):
    """Accept or return one entry; `version` is the entry's version the monitor was looking at."""

    DECISIONS = [(Review.Decision.ACCEPTED, _("Accept")), (Review.Decision.RETURNED, _("Return to the author"))]

    decision = forms.ChoiceField(choices=DECISIONS, widget=forms.HiddenInput)
    comment = PersianTextField(
        label=_("Comment"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when you return an entry: tell the author what to fix."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def clean(self):
        super().clean()
        cleaned = self.cleaned_data  # what Form.clean() returns, typed
        if cleaned.get("decision") == Review.Decision.RETURNED and not cleaned.get("comment"):
            self.add_error("comment", _("Write a comment to return an entry: the author needs to know what to fix."))
        return cleaned


class BulkReviewForm(forms.Form):
    """Accept or return several selected entries of the queue at once."""

    decision = forms.ChoiceField(choices=ReviewDecisionForm.DECISIONS, widget=forms.HiddenInput)
    entries = forms.TypedMultipleChoiceField(
        coerce=int,
        error_messages={"required": _("Select at least one entry.")},
    )
    comment = PersianTextField(
        label=_("Comment for the selected entries"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required when you return entries."),
    )

    def __init__(self, *args, entry_ids=(), **kwargs):
        super().__init__(*args, **kwargs)
        choice_field(self, "entries").choices = [(pk, pk) for pk in entry_ids]

    def clean(self):
        super().clean()
        cleaned = self.cleaned_data  # what Form.clean() returns, typed
        if cleaned.get("decision") == Review.Decision.RETURNED and not cleaned.get("comment"):
            self.add_error("comment", _("Write a comment to return entries: the authors need to know what to fix."))
        return cleaned

    def versions(self) -> dict[int, int | None]:
        """The version each selected entry had on the monitor's screen (None if the form lost it)."""
        seen = {}
        for pk in self.cleaned_data["entries"]:
            raw = self.data.get(f"version-{pk}", "")
            seen[pk] = int(raw) if raw.isdigit() else None
        return seen


class QueueFilterForm(forms.Form):
    """Narrow the queue by reporting party, commitment and county (all optional)."""

    party = forms.TypedChoiceField(label=_("Party"), required=False, coerce=int, empty_value=None)
    commitment = forms.TypedChoiceField(label=_("Commitment"), required=False, coerce=int, empty_value=None)
    county = forms.TypedChoiceField(label=_("County"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args, agreement, commitments, **kwargs):
        super().__init__(*args, **kwargs)
        everyone = [("", _("All"))]
        parties = [(s.party_id, s.party.short_name) for s in agreement.signatories.all()]
        choice_field(self, "party").choices = everyone + parties
        choice_field(self, "commitment").choices = everyone + list(commitments)
        choice_field(self, "county").choices = everyone + [(c.pk, c.name) for c in agreement.counties.all()]

    def apply(self, entries):
        if not self.is_valid():
            return entries
        lookups = {"party_id": "party", "commitment_id": "commitment", "county_id": "county"}
        for lookup, field in lookups.items():
            if self.cleaned_data.get(field) is not None:
                entries = entries.filter(**{lookup: self.cleaned_data[field]})
        return entries


class EvaluationForm(forms.Form):
    rating = forms.ChoiceField(
        label=_("Rating"),
        choices=Rating.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose a rating.")},
    )
    assessment = PersianTextField(
        label=_("Assessment"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("What the rating rests on: the evidence seen, what is missing, what should happen next."),
        error_messages={"required": _("Write the assessment that explains the rating.")},
    )
    # The evaluation as the evaluator loaded it, so a save in between is noticed, not overwritten.
    stamp = forms.CharField(widget=forms.HiddenInput, required=False)


class ReopenForm(forms.Form):
    reason = PersianTextField(
        label=_("Reason for reopening"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Kept in the quarter's history with your name."),
        error_messages={"required": _("Give the reason for reopening the quarter.")},
    )
