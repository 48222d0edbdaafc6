"""The dashboard's filters (party, status, quarter, county), shared by the entries list and its export.

GET parameter names are part of the interface (links and bookmarks carry them):
`party` (a party code, or `joint`: whose commitments), `status` (the commitment's status),
`quarter` (Jalali, e.g. 1403-Q3: when the work happened), `county` (a county code: where),
and on the entries list `review` (submitted, accepted, returned, withdrawn).
Party and status narrow the commitments; quarter and county narrow the entries.
"""

from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import urlencode

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from agreement.fields import choice_field
from agreement.jalali import DateInputError, Quarter
from obligations.models import ProgressEntry, Status

if TYPE_CHECKING:
    from agreement.models import County, Party

JOINT = "joint"
WITHDRAWN = "withdrawn"


def _attributes(attrs: dict) -> SafeString:
    """Django's widgets/attrs.html, written directly."""
    return SafeString(
        "".join(
            format_html(" {}", name) if value is True else format_html(' {}="{}"', name, str(value))
            for name, value in attrs.items()
            if value is not False
        )
    )


class DirectSelect(forms.Select):
    """The HTML of Django's Select, written here instead of one template include per option: the
    dashboard's filter form is drawn on every request, kept board or not, and its four selects'
    option templates were about a tenth of the page (docs/scale.md). Option groups fall back to
    Django's templates. tests/dashboard/test_filter_widget.py compares the two."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        if any(group_name for group_name, _options, _index in widget["optgroups"]):
            return super().render(name, value, attrs, renderer)
        options = "".join(
            format_html(
                '\n  <option value="{}"{}>{}</option>\n',
                str(option["value"]),
                _attributes(option["attrs"]),
                option["label"],
            )
            for _group, group_options, _index in widget["optgroups"]
            for option in group_options
        )
        return mark_safe(  # noqa: S308 - every part above is escaped by format_html
            format_html('<select name="{}"{}>', widget["name"], _attributes(widget["attrs"])) + options + "\n</select>"
        )


class DashboardFilterForm(forms.Form):
    """Optional filters; a bad value gets a message beside its field and is ignored."""

    party = forms.ChoiceField(label=_("Party"), required=False, widget=DirectSelect)
    status = forms.ChoiceField(label=_("Status"), required=False, widget=DirectSelect)
    quarter = forms.ChoiceField(label=_("Quarter"), required=False, widget=DirectSelect)
    county = forms.ChoiceField(label=_("County"), required=False, widget=DirectSelect)

    def __init__(self, data, *, agreement, today=None):
        super().__init__(data)
        self.agreement = agreement
        self.today = today or timezone.localdate()
        # A well-formed quarter that has not begun: not offered, but named and filtered by (to
        # nothing) rather than dropped, which showed every entry with no word.
        self.not_begun: Quarter | None = None
        every = [("", _("All"))]
        signatories = agreement.signatories.all()
        choice_field(self, "party").choices = (
            every + [(s.party.code, s.party.short_name) for s in signatories] + [(JOINT, _("Joint"))]
        )
        choice_field(self, "status").choices = every + list(Status.choices)
        self.quarters = Quarter.of_agreement(agreement, self.today)
        choice_field(self, "quarter").choices = every + [(str(q), q.label) for q in self.quarters]
        choice_field(self, "county").choices = every + [(c.code, c.name) for c in agreement.counties.all()]

    def clean_quarter(self):
        value = self.cleaned_data["quarter"]
        if not value:
            return None
        try:
            return Quarter.parse(value)
        except DateInputError as error:
            raise forms.ValidationError(str(error)) from None

    def filters(self) -> "DashboardFilters":
        """The valid filters; a field that failed validation counts as not set."""
        if not self.is_bound:
            return DashboardFilters()
        self.is_valid()
        data = {name: self.cleaned_data.get(name) for name in self.fields if name not in self.errors}
        if "quarter" in self.errors:
            try:
                typed = Quarter.parse(self.data.get("quarter", ""))
            except DateInputError:
                typed = None
            if typed is not None and typed.first_day > self.today:
                self.not_begun = data["quarter"] = typed
                del self.errors["quarter"]
        counties = {c.code: c for c in self.agreement.counties.all()}
        parties = {s.party.code: s.party for s in self.agreement.signatories.all()}
        return DashboardFilters(
            party=data.get("party") or "",
            party_obj=parties.get(data.get("party") or ""),
            status=data.get("status") or "",
            quarter=data.get("quarter"),
            county=counties.get(data.get("county") or ""),
            review=data.get("review") or "",
        )


class EntryFilterForm(DashboardFilterForm):
    review = forms.ChoiceField(label=_("Review"), required=False, widget=DirectSelect)

    def __init__(self, data, *, agreement, today=None):
        super().__init__(data, agreement=agreement, today=today)
        states = list(ProgressEntry.ReviewState.choices) + [(WITHDRAWN, _("Withdrawn"))]
        choice_field(self, "review").choices = [("", _("All"))] + states


@dataclass(frozen=True)
class DashboardFilters:
    party: str = ""
    party_obj: "Party | None" = None
    status: str = ""
    quarter: Quarter | None = None
    county: "County | None" = None
    review: str = ""

    def key(self) -> tuple:
        """Everything the figures' SQL reads from the filters (agreement.compiled keys by it)."""
        county = self.county.pk if self.county is not None else None
        return (self.party, self.status, str(self.quarter or ""), county, self.review)

    @property
    def is_active(self) -> bool:
        return bool(self.party or self.status or self.quarter or self.county or self.review)

    def commitment_q(self, prefix: str = "") -> Q:
        """Party and status, for Commitment (prefix "") or anything pointing at one ("commitment__")."""
        condition = Q()
        if self.party == JOINT:
            condition &= Q(**{f"{prefix}owner__isnull": True})
        elif self.party:
            condition &= Q(**{f"{prefix}owner__code": self.party})
        if self.status:
            condition &= Q(**{f"{prefix}status": self.status})
        return condition

    def entry_q(self, *, with_quarter: bool = True) -> Q:
        """Everything that narrows ProgressEntry rows (the review state is the entries list's own)."""
        condition = self.commitment_q("commitment__")
        if self.county is not None:
            condition &= Q(county=self.county)
        if with_quarter and self.quarter is not None:
            condition &= Q(happened_on__range=(self.quarter.first_day, self.quarter.last_day))
        if self.review == WITHDRAWN:
            condition &= Q(withdrawn_at__isnull=False)
        elif self.review:
            condition &= Q(review_state=self.review, withdrawn_at__isnull=True)
        return condition

    def as_params(self, **overrides) -> dict[str, str]:
        params = {
            "party": self.party,
            "status": self.status,
            "quarter": str(self.quarter) if self.quarter else "",
            "county": self.county.code if self.county is not None else "",
            "review": self.review,
        }
        params.update({key: str(value) for key, value in overrides.items()})
        return {key: value for key, value in params.items() if value}

    def querystring(self, **overrides) -> str:
        return urlencode(self.as_params(**overrides))

    def commitment_list_params(self, **extra) -> str:
        """The same selection in the commitments page's own parameter names (owner, status)."""
        params = {"owner": self.party, "status": self.status, **extra}
        return urlencode({key: value for key, value in params.items() if value})
