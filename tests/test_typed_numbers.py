"""Numbers and dates as people type and paste them (issue 19, point 2)."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django import forms
from django.utils import translation

from agreement.fields import LocalDateField, PersianDecimalField, PersianIntegerField
from agreement.numbers import NumberInputError, parse_number

RLM, LRM, ALM, THIN = "\u200f", "\u200e", "\u061c", "\u2009"
LATIN_DIGIT = re.compile(r"[0-9]")


class QuantityForm(forms.Form):
    amount = PersianDecimalField(required=False)
    count = PersianIntegerField(required=False)
    day = LocalDateField(required=False)


@pytest.mark.parametrize(
    ("typed", "value"),
    [
        ("1,234.5", "1234.5"),  # pasted from Excel
        ("۱٬۲۳۴٫۵", "1234.5"),  # Persian separators
        ("١٬٢٣٤٫٥", "1234.5"),  # Arabic-Indic digits
        (f"1{THIN}234{THIN}567", "1234567"),
        ("12.5", "12.5"),
        ("۱۲٫۵", "12.5"),
        (f"{RLM}۱۲٫۵{RLM}", "12.5"),  # pasted with bidi marks
        (f"{LRM}1,250{LRM}", "1250"),
        (f"{ALM}-۳", "-3"),
        ("٫۵", "0.5"),
        ("1,000,000", "1000000"),
    ],
)
def test_numbers_as_typed_are_read(typed, value):
    assert parse_number(typed) == Decimal(value)


@pytest.mark.parametrize(
    "typed",
    ["۱e3", "1E3", "1,5", "12,34", "1,2345", "1,234,56", "1,234٬567", "1.2.3", "۱۲٫۵٫۳", "abc", "12a", "", "-"],
)
def test_ambiguous_or_malformed_numbers_are_refused(typed):
    with pytest.raises(NumberInputError):
        parse_number(typed)


def test_a_refusal_says_what_was_expected_with_an_example_in_the_readers_digits():
    with translation.override("fa"):
        form = QuantityForm({"amount": "۱e3", "count": "1,5"})
        assert not form.is_valid()
        amount, count = form.errors["amount"][0], form.errors["count"][0]
        assert "۱٬۲۳۴٫۵" in amount and "۱٬۲۵۰" in count and "مثلاً" in amount
        # Persian throughout, save the typed exponent quoted as the thing refused.
        assert not LATIN_DIGIT.search(amount.replace("«1e3»", "")) and not LATIN_DIGIT.search(count)
    with translation.override("en"):
        form = QuantityForm({"amount": "1e3", "count": "12.5"})
        assert "1,234.5" in form.errors["amount"][0] and "exponent" in form.errors["amount"][0]
        assert form.errors["count"][0] == "Enter a whole number, for example 1,250."


def test_the_form_fields_take_pasted_values():
    form = QuantityForm({"amount": f"{RLM}1,234.5{RLM}", "count": f"{LRM}۱٬۲۰۰{LRM}", "day": f"{RLM}۱۴۰۳٫۰۲٫۰۵"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data == {"amount": Decimal("1234.5"), "count": 1200, "day": dt.date(2024, 4, 24)}


@pytest.mark.parametrize("typed", ["۱۴۰۳٫۰۲٫۰۵", "1403.02.05", "۱۴۰۳/۲/۵", f"{LRM}1403-02-05{LRM}"])
def test_jalali_dates_with_any_separator(typed):
    with translation.override("fa"):
        form = QuantityForm({"day": typed})
        assert form.is_valid(), form.errors
    assert form.cleaned_data["day"] == dt.date(2024, 4, 24)


@pytest.mark.parametrize("typed", ["1402/12/30", "1403/07/31", "1403/13/01", "1403/ab/01"])
def test_date_refusals_are_in_persian_digits(typed):
    with translation.override("fa"):
        form = QuantityForm({"day": typed})
        assert not form.is_valid()
        assert not LATIN_DIGIT.search(form.errors["day"][0]), form.errors["day"][0]


@pytest.mark.parametrize(("typed", "value"), [("۱۲/۵", "12.5"), ("12/5", "12.5"), ("1,234/5", "1234.5"), ("/5", "0.5")])
def test_a_slash_is_the_decimal_point_in_a_number_field(typed, value):
    assert parse_number(typed) == Decimal(value)


@pytest.mark.parametrize("typed", ["۱۴۰۳/۰۲/۰۵", "12/5/3", "12.5/3", "12/5٫3"])
def test_a_date_typed_into_a_number_field_is_refused_with_an_example(typed):
    with translation.override("fa"):
        with pytest.raises(NumberInputError) as refused:
            parse_number(typed)
        assert "تاریخ" in str(refused.value) and "۱۲/۵" in str(refused.value) and "۱٬۲۳۴٫۵" in str(refused.value)
        assert not LATIN_DIGIT.search(str(refused.value))
        with pytest.raises(NumberInputError) as refused:
            parse_number(typed, whole=True)
        assert "تاریخ" in str(refused.value) and "۱٬۲۵۰" in str(refused.value)
    with translation.override("en"):
        with pytest.raises(NumberInputError) as refused:
            parse_number(typed)
        assert str(refused.value) == "This looks like a date; enter a number, for example 1,234.5 or 12/5."


def test_a_slash_in_a_whole_number_field_asks_for_a_whole_number():
    with translation.override("en"), pytest.raises(NumberInputError, match="whole number"):
        parse_number("12/5", whole=True)
