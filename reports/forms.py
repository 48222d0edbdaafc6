"""Forms of the reports area: which quarter and language, a correction's reason, a verification."""

from django import forms
from django.utils.translation import gettext_lazy as _

from agreement.fields import PersianTextField, choice_field
from agreement.jalali import Quarter
from agreement.pdf.issued import normalise_code
from agreement.persian import reading_persian
from reports.models import IssuedReport

MAX_UPLOAD_BYTES = 50 * 1024 * 1024


class ReportRequestForm(forms.Form):
    quarter = forms.ChoiceField(label=_("Quarter"))
    language = forms.ChoiceField(label=_("Language of the report"), choices=IssuedReport.Language.choices)

    def __init__(self, *args, agreement, **kwargs):
        super().__init__(*args, **kwargs)
        self.agreement = agreement
        quarters = Quarter.of_agreement(agreement)
        choice_field(self, "quarter").choices = [(str(q), q.label) for q in quarters]
        # The quarter that just ended is the one a monitor usually reports on.
        self.fields["quarter"].initial = str(quarters[1] if len(quarters) > 1 else quarters[0])
        self.fields["language"].initial = "fa" if reading_persian() else "en"

    def clean_quarter(self) -> Quarter:
        return Quarter.parse(self.cleaned_data["quarter"])


class CorrectionForm(forms.Form):
    reason = PersianTextField(
        label=_("What does this revision correct?"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        help_text=_("Printed on the new revision's cover and kept in the history."),
    )


class VerificationForm(forms.Form):
    code = forms.CharField(
        label=_("Verification code"),
        required=False,
        max_length=32,
        help_text=_("Printed at the foot of every page of an issued report, e.g. K7QXM-2PA9R."),
        widget=forms.TextInput(attrs={"dir": "ltr", "autocomplete": "off", "spellcheck": "false"}),
    )
    file = forms.FileField(
        label=_("Or the PDF file"),
        required=False,
        help_text=_("The file is compared with the stored original byte for byte; it is not kept."),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}),
    )

    def clean_code(self) -> str:
        return normalise_code(self.cleaned_data["code"])

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload and upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("This file is larger than any issued report; it cannot be one."))
        return upload

    def clean(self):
        super().clean()
        cleaned = self.cleaned_data  # what Form.clean() returns, typed
        if not self.errors and not cleaned.get("code") and not cleaned.get("file"):
            raise forms.ValidationError(_("Enter a verification code or choose a PDF file."))
        return cleaned


class IssueForm(ReportRequestForm):
    """Issue a quarter: only once it is over, and with an explicit tick when evaluations are missing."""

    accept_unevaluated = forms.BooleanField(
        label=_("I know some commitments are not evaluated; issue the report without their evaluation."),
        required=False,
        help_text=_("The report will say which commitments were not evaluated."),
    )

    def __init__(self, *args, completeness=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.completeness = completeness

    def clean(self):
        from reports.issue import completeness_of, quarter_is_over

        super().clean()
        cleaned = self.cleaned_data  # what Form.clean() returns, typed
        period = cleaned.get("quarter")
        if period is None:
            return cleaned
        if not quarter_is_over(period):
            # Not on the field: the confirmation page still names the quarter it refuses.
            self.add_error(
                None, _("This quarter is not over yet. Preview it now; issue it from the day after its last day.")
            )
            return cleaned
        if self.completeness is None:
            self.completeness = completeness_of(self.agreement, period)
        if self.completeness["unevaluated"] and not cleaned.get("accept_unevaluated"):
            self.add_error(
                "accept_unevaluated", _("Tick this to issue the report with commitments that are not evaluated.")
            )
        return cleaned
