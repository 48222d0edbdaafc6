"""Forms of the workspace: logging, editing and withdrawing progress entries."""

import uuid
from collections.abc import Sequence
from typing import cast

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from agreement.fields import (
    LoadedModelChoiceField,
    LocalDateField,
    PersianDecimalField,
    PersianDigitsMixin,
    PersianIntegerField,
    PersianTextField,
)
from agreement.formatting import grouped_number, percent, quantity, reader_date
from agreement.jalali import format_jalali
from agreement.persian import reading_persian
from obligations.evidence import ACCEPT, validate_uploads
from obligations.models import Status


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class EvidenceField(forms.FileField):
    """Several files in one input; the checks that need them all together run in the form."""

    widget = MultipleFileInput

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data]
        return [super(EvidenceField, self).clean(item, initial) for item in files if item]


def _nameless_file_error(name: str) -> forms.ValidationError:
    if not name.strip():
        return forms.ValidationError(
            _(
                "A file came without a name and was refused, so nothing was saved. "
                "Give the file a name and attach it again."
            ),
            code="nameless",
        )
    return forms.ValidationError(
        _(
            "“%(name)s” is not a file name, so the file was refused and nothing was saved. "
            "Rename the file and attach it again."
        ),
        code="nameless",
        params={"name": name},
    )


# A stated percent this many points under what is already verified reads as a slip (40 for 75) or as
# work that went back: either way the author is told, and nothing is refused.
WELL_BELOW_VERIFIED = 20


class ProgressEntryForm(PersianDigitsMixin, forms.Form):
    """What was done on a commitment. Used to log a new entry and to edit one not yet accepted."""

    happened_on = LocalDateField(label=_("Date of the work"))
    reported_status = forms.ChoiceField(label=_("Status of the commitment after this work"), choices=Status.choices)
    percent_complete = PersianIntegerField(
        label=_("Percent complete"), min_value=0, max_value=100, required=False, help_text=_("0 to 100")
    )
    quantity = PersianDecimalField(
        label=_("Quantity achieved by this work"), min_value=0, max_digits=12, decimal_places=2, required=False
    )
    narrative = PersianTextField(label=_("What was done"), widget=forms.Textarea(attrs={"rows": 5}), max_length=5000)
    county: LoadedModelChoiceField = LoadedModelChoiceField(
        label=_("County"), queryset=None, required=False, empty_label=_("– none –")
    )
    village = PersianTextField(
        label=_("Village"), max_length=120, required=False, widget=forms.TextInput(attrs={"dir": "auto"})
    )
    evidence = EvidenceField(label=_("Evidence files"), required=False)

    ENTRY_FIELDS = ("happened_on", "reported_status", "percent_complete", "quantity", "narrative", "county", "village")

    def __init__(self, *args, commitment, already_attached: int = 0, nameless: Sequence[str] = (), **kwargs):
        super().__init__(*args, **kwargs)
        self.commitment = commitment
        self.already_attached = already_attached
        # File parts the request's parser threw away for their name (agreement.uploads.nameless_uploads).
        self.nameless = list(nameless)
        agreement = commitment.agreement
        # The agreement's counties came with it (Agreement.objects.for_pages()): listed and checked
        # without a query of their own.
        cast(LoadedModelChoiceField, self.fields["county"]).choose_from(agreement.counties.all())
        if commitment.measures_quantity:
            unit = commitment.indicator_unit
            if unit:
                self.fields["quantity"].help_text = unit
        else:
            del self.fields["quantity"]
        date_widget = self.fields["happened_on"].widget
        if reading_persian():
            # Bounds for the Jalali picker; the server checks them again in clean_happened_on().
            date_widget.attrs["data-jdp-min-date"] = format_jalali(agreement.signed_on, persian_digits=False)
            date_widget.attrs["data-jdp-max-date"] = format_jalali(timezone.localdate(), persian_digits=False)
        self.fields["evidence"].widget.attrs["accept"] = ACCEPT
        # Opened by a label in the page's language (entry_form.html), not the browser's own button.
        self.fields["evidence"].widget.attrs["class"] = "visually-hidden"
        # A help text on the field (not only in the template) makes Django point the file input at it.
        self.fields["evidence"].help_text = gettext(
            "PDF, JPEG, PNG, Word (DOCX) or Excel (XLSX); up to %(max)s files per entry, %(size)s MB each."
        ) % {
            "max": grouped_number(settings.PEYMAN_EVIDENCE_MAX_FILES),
            "size": quantity(round(settings.PEYMAN_EVIDENCE_MAX_BYTES / (1024 * 1024), 1)),
        }
        self.fields["narrative"].widget.attrs["maxlength"] = 5000
        if self.verified_percent_to_compare():
            # The page's script warns as the figure is typed; the server says it again after a save.
            self.fields["percent_complete"].widget.attrs["data-verified-percent"] = commitment.progress_verified
            self.fields["percent_complete"].widget.attrs["data-well-below"] = WELL_BELOW_VERIFIED

    def verified_percent_to_compare(self) -> int:
        """What is verified, where a stated percent is the commitment's progress (not with a target,
        whose percent comes from the quantities); 0 when nothing is verified."""
        commitment = self.commitment
        return 0 if commitment.indicator_target is not None else commitment.progress_verified

    def below_verified_warning(self) -> str:
        """The warning, in the reader's language, for a percent well below what is already verified."""
        verified = self.verified_percent_to_compare()
        return gettext(
            "%(verified)s of this commitment is already verified, and this figure is well below it. If the work"
            " really went back, say why in the narrative; if not, check the figure."
        ) % {"verified": percent(verified)}

    @property
    def is_well_below_verified(self) -> bool:
        """The stated percent (once cleaned) is well below what is verified: a warning, never a refusal."""
        stated = (getattr(self, "cleaned_data", None) or {}).get("percent_complete")
        verified = self.verified_percent_to_compare()
        return bool(verified) and stated is not None and stated <= verified - WELL_BELOW_VERIFIED

    def clean_happened_on(self):
        value = self.cleaned_data["happened_on"]
        signed_on = self.commitment.agreement.signed_on
        if value > timezone.localdate():
            raise forms.ValidationError(_("The date of the work cannot be in the future."), code="future")
        if value < signed_on:
            raise forms.ValidationError(
                _("The date of the work cannot be before the agreement was signed (%(date)s)."),
                code="before_signing",
                params={"date": reader_date(signed_on)},
            )
        return value

    def clean_evidence(self):
        if self.nameless:
            # Saving the entry without them would lose evidence its author believes attached.
            raise forms.ValidationError([_nameless_file_error(name) for name in self.nameless])
        return validate_uploads(self.cleaned_data["evidence"], already_attached=self.already_attached)

    def clean(self):
        super().clean()
        cleaned = self.cleaned_data  # what Form.clean() returns, typed
        percent = cleaned.get("percent_complete")
        if cleaned.get("reported_status") == Status.COMPLETED and percent is not None and percent != 100:
            self.add_error("percent_complete", _("A completed commitment is 100% done."))
        return cleaned

    def entry_fields(self) -> dict:
        fields = {name: self.cleaned_data.get(name) for name in self.ENTRY_FIELDS if name in self.fields}
        fields["village"] = fields["village"] or ""
        return fields

    @property
    def files_were_dropped(self) -> bool:
        """A browser cannot refill a file input: say so when a refused form had files in it."""
        return self.is_bound and bool(self.files.getlist("evidence")) and bool(self.errors)


class NewEntryForm(ProgressEntryForm):
    # One key per rendered form; the service turns a second submit of the same key into a no-op.
    submission_key = forms.UUIDField(widget=forms.HiddenInput)
    # Sent by the "save it again" button shown when an identical entry was saved a moment ago.
    confirm_duplicate = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, commitment, **kwargs):
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault("submission_key", uuid.uuid4())
        kwargs["initial"].setdefault("happened_on", timezone.localdate())
        # Someone logging work has usually started: suggest "in progress" rather than "not started".
        suggested = Status.IN_PROGRESS if commitment.status == Status.NOT_STARTED else commitment.status
        kwargs["initial"].setdefault("reported_status", suggested)
        super().__init__(*args, commitment=commitment, **kwargs)


class EditEntryForm(ProgressEntryForm):
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, entry, **kwargs):
        initial = {name: getattr(entry, name) for name in self.ENTRY_FIELDS}
        initial["version"] = entry.version
        kwargs["initial"] = initial
        super().__init__(*args, commitment=entry.commitment, **kwargs)


class WithdrawEntryForm(forms.Form):
    reason = PersianTextField(
        label=_("Why is this entry withdrawn?"),
        widget=forms.Textarea(attrs={"rows": 3, "dir": "auto"}),
        max_length=2000,
    )
    version = forms.IntegerField(widget=forms.HiddenInput)
