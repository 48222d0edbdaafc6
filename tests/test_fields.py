import datetime as dt
from decimal import Decimal

import pytest
from django import forms
from django.utils import translation

from agreement.fields import LocalDateField, PersianDecimalField, PersianIntegerField, PersianTextField


class SampleForm(forms.Form):
    day = LocalDateField()
    amount = PersianDecimalField(required=False)
    count = PersianIntegerField(required=False)
    text = PersianTextField(required=False)


@pytest.mark.parametrize("typed", ["1397/09/26", "۱۳۹۷/۰۹/۲۶", "1397-9-26"])
def test_persian_readers_type_jalali_dates_with_any_digits(typed):
    with translation.override("fa"):
        form = SampleForm({"day": typed})
        assert form.is_valid(), form.errors
    assert form.cleaned_data["day"] == dt.date(2018, 12, 17)


def test_english_readers_type_gregorian_dates_and_jalali_still_works():
    with translation.override("en"):
        assert SampleForm({"day": "2018-12-17"}).is_valid()
        form = SampleForm({"day": "1397/09/26"})
        assert form.is_valid() and form.cleaned_data["day"] == dt.date(2018, 12, 17)


def test_an_impossible_date_gets_a_message_in_the_readers_language():
    with translation.override("fa"):
        form = SampleForm({"day": "1402/12/30"})
        assert not form.is_valid()
        assert "کبیسه" in form.errors["day"][0]
    with translation.override("en"):
        form = SampleForm({"day": "1402/12/30"})
        assert "not a leap year" in form.errors["day"][0]


def test_numbers_accept_persian_digits_and_separators():
    form = SampleForm({"day": "1403/01/01", "amount": "۱۲٫۵", "count": "۴۱"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["amount"] == Decimal("12.5")
    assert form.cleaned_data["count"] == 41


def test_text_gets_persian_letters():
    form = SampleForm({"day": "1403/01/01", "text": "كمیته   امداد ي"})
    assert form.is_valid()
    assert form.cleaned_data["text"] == "کمیته امداد ی"


def test_the_date_box_shows_jalali_in_persian_and_iso_in_english():
    with translation.override("fa"):
        html = str(SampleForm(initial={"day": dt.date(2018, 12, 17)})["day"])
        assert 'value="۱۳۹۷/۰۹/۲۶"' in html and "data-jdp" in html
    with translation.override("en"):
        assert 'value="2018-12-17"' in str(SampleForm(initial={"day": dt.date(2018, 12, 17)})["day"])
