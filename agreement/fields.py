"""Form fields that accept what Persian users type: Jalali dates, Persian digits, Arabic letters."""

import datetime as dt
import re
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from agreement.formatting import grouped_number, readers_number_text
from agreement.jalali import DateInputError, format_jalali, parse_gregorian, parse_jalali
from agreement.numbers import NumberInputError, parse_number, strip_bidi_marks
from agreement.persian import clean_persian_input, reading_persian, to_latin_digits

if TYPE_CHECKING:  # what PersianDigitsMixin is mixed into, so that its super() call is checked
    _FormBase = forms.BaseForm
else:
    _FormBase = object


class LocalDateInput(forms.TextInput):
    """A text box showing the date in the reader's calendar; typing always works, JS only helps."""

    def __init__(self, attrs=None):
        base = {"inputmode": "numeric", "autocomplete": "off", "dir": "ltr", "class": "date-input"}
        super().__init__({**base, **(attrs or {})})

    def format_value(self, value):
        if isinstance(value, dt.date):
            return format_jalali(value) if reading_persian() else value.isoformat()
        return value

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        widget_attrs = context["widget"]["attrs"]
        if reading_persian():
            widget_attrs.setdefault("placeholder", "۱۴۰۳/۰۱/۱۵")
            widget_attrs["data-jdp"] = ""
            # Read by static/js/datepicker.js: the calendar's button and its controls' names.
            widget_attrs["data-picker-open"] = _("Calendar")
            widget_attrs["data-picker-year"] = _("Year")
            widget_attrs["data-picker-month"] = _("Month")
        else:
            widget_attrs.setdefault("placeholder", "2024-04-03")
        return context


class LocalDateField(forms.Field):
    """Jalali (year/month/day, Persian or Latin digits) in `fa`; ISO Gregorian in `en`.

    A Jalali date is also accepted in `en` when its year is clearly Solar Hijri (below 1700).
    """

    widget = LocalDateInput

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, dt.date):
            return value
        text = to_latin_digits(strip_bidi_marks(str(value))).strip()
        try:
            year = int(re.split(r"[-/.٫]", text)[0])
        except ValueError:
            year = 0
        try:
            if reading_persian() or year < 1700:
                return parse_jalali(text)
            return parse_gregorian(text)
        except DateInputError as error:
            raise forms.ValidationError(str(error), code="invalid") from None


class PersianTextField(forms.CharField):
    """Text stored with Persian letters (ي→ی, ك→ک) and tidy spaces."""

    def to_python(self, value):
        value = super().to_python(value)
        return clean_persian_input(value) if value else value


class PersianNumberInput(forms.TextInput):
    """A number box prefilled in the reader's digits (۱۲٫۵ in `fa`); what was typed is kept as typed."""

    def format_value(self, value):
        if isinstance(value, int | Decimal | float) and not isinstance(value, bool) and reading_persian():
            if isinstance(value, Decimal):
                value = f"{value.normalize():f}"
            return readers_number_text(str(value))
        return super().format_value(value)


# A form's fields are typed as plain Fields; these say which kind a form declared, for the type checker
# (no check at run time: the declaration is right above each use).
def choice_field(form: forms.BaseForm, name: str) -> forms.ChoiceField:
    return cast(forms.ChoiceField, form.fields[name])


def model_choice_field(form: forms.BaseForm, name: str) -> forms.ModelChoiceField:
    return cast(forms.ModelChoiceField, form.fields[name])


def label_choices_with(form: forms.BaseForm, name: str, label: Callable[[Any], str]) -> None:
    """Give the form's model choice field `name` its own label for each choice."""
    # Django looks label_from_instance up on the field, so the instance's own wins; the stubs only
    # know it as a method, which may not be assigned to.
    model_choice_field(form, name).label_from_instance = label  # type: ignore[method-assign,assignment]


class PersianDigitsMixin(_FormBase):
    """Numbers in validation messages (Django's own included) in the reader's digits.

    Django interpolates limits such as "at most %(limit_value)s" with Latin digits; the numbers
    are turned into Persian digits before the message is put together, so the text around them
    (and the error codes) stay as they are.
    """

    def full_clean(self):
        super().full_clean()
        if not reading_persian() or not self.errors:  # set by full_clean() just above: no recursion
            return
        for errors in self.errors.values():
            for error in errors.as_data():
                if isinstance(error.params, dict):
                    _persian_params(error)


def _persian_params(error) -> None:
    """Put the numbers of one error's message in Persian digits, in place."""
    numbers = {key for key, value in error.params.items() if _is_number(value)}
    if not numbers:
        return
    message = error.message
    if hasattr(message, "_translate"):
        # A plural message ("at most %(limit_value)d character/characters") picks its form from the
        # number itself: pick it now, while the number is still a number.
        message = message._translate(message._get_number_value(error.params))
    # %d would print the Latin digits of a number; the Persian ones are text, printed with %s.
    error.message = re.sub(
        r"%\((\w+)\)d", lambda m: f"%({m.group(1)})s" if m.group(1) in numbers else m.group(0), str(message)
    )
    error.params = {key: _persian_number(value) if key in numbers else value for key, value in error.params.items()}


def _is_number(value) -> bool:
    return isinstance(value, int | float | Decimal) and not isinstance(value, bool)


def _persian_number(value):
    if isinstance(value, int):
        return grouped_number(value)  # 5000 -> ۵٬۰۰۰
    return readers_number_text(str(value))


class PersianDecimalField(forms.DecimalField):
    """Accepts ۱۲٫۵ or 12.5; a text box, since number boxes refuse Persian digits."""

    widget = PersianNumberInput

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("localize", False)
        super().__init__(*args, **kwargs)
        self.widget.attrs.setdefault("inputmode", "decimal")

    def to_python(self, value):
        if isinstance(value, str):
            if not strip_bidi_marks(value).strip():
                return None
            try:
                value = parse_number(value)
            except NumberInputError as error:
                raise forms.ValidationError(str(error), code="invalid") from None
        try:
            return super().to_python(value)
        except InvalidOperation:
            raise forms.ValidationError(_("Enter a number."), code="invalid") from None

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        attrs.pop("step", None)
        return attrs


class PersianIntegerField(forms.IntegerField):
    widget = PersianNumberInput

    def to_python(self, value):
        if isinstance(value, str):
            if not strip_bidi_marks(value).strip():
                return None
            try:
                value = int(parse_number(value, whole=True))
            except NumberInputError as error:
                raise forms.ValidationError(str(error), code="invalid") from None
        return super().to_python(value)

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        attrs.setdefault("inputmode", "numeric")
        return attrs


class _LoadedChoiceIterator(forms.models.ModelChoiceIterator):
    field: "LoadedModelChoiceField"

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in self.field.loaded:
            yield self.choice(obj)

    def __len__(self):
        return len(self.field.loaded) + (self.field.empty_label is not None)

    def __bool__(self):
        return self.field.empty_label is not None or bool(self.field.loaded)


class LoadedModelChoiceField(forms.ModelChoiceField):
    """A choice among objects already in memory (an agreement's counties, prefetched with it on
    every page): listing and checking the choice cost no query of their own (issue 21).

    `choose_from(queryset)` sets both the queryset (for the model) and the objects, read once.
    A value outside them is refused as ModelChoiceField refuses it.
    """

    iterator = _LoadedChoiceIterator
    loaded: list[Any]

    def choose_from(self, queryset) -> None:
        self.queryset = queryset
        self.loaded = list(queryset)  # the prefetched rows: no query

    def to_python(self, value):
        if value in self.empty_values:
            return None
        assert self.queryset is not None  # choose_from() sets it
        model = self.queryset.model
        if isinstance(value, model):
            value = value.pk
        try:
            key = model._meta.pk.to_python(value)
        except forms.ValidationError:
            key = None
        match = next((obj for obj in self.loaded if obj.pk == key), None) if key is not None else None
        if match is None:
            raise forms.ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice", params={"value": value}
            )
        return match
