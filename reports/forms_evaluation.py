"""Forms of the evaluation pages."""

from django import forms
from django.utils.translation import gettext_lazy as _

from agreement.fields import PersianTextField
from reports.models import Rating


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
