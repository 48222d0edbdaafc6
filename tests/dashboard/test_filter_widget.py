"""The filter form's selects, written directly (dashboard.filters.DirectSelect), equal Django's own."""

import pytest
from django import forms

from dashboard.filters import DirectSelect

CHOICES = [("", "All"), ("a&b", "Tom & <Jerry>"), ("fa", "استان تهران"), (3, "Three"), ("1403-Q3", 'پاییز "۱۴۰۳"')]


@pytest.mark.parametrize("value", [None, "", "a&b", "3", ["fa"], "missing"])
@pytest.mark.parametrize(
    "attrs", [None, {"id": "id_party"}, {"id": "id_x", "aria-invalid": "true", "required": True, "disabled": False}]
)
def test_direct_select_writes_what_django_s_templates_write(value, attrs):
    django_select = forms.Select(choices=CHOICES).render("party", value, attrs)
    direct = DirectSelect(choices=CHOICES).render("party", value, attrs)
    assert direct == django_select
    assert "selected" in direct or value in (None, "", "missing")


def test_option_groups_fall_back_to_django():
    grouped = [("Parties", [("a", "A"), ("b", "B")]), ("", "None")]
    assert DirectSelect(choices=grouped).render("p", "a") == forms.Select(choices=grouped).render("p", "a")


def test_the_dashboard_s_fields_use_it():
    from dashboard.filters import DashboardFilterForm, EntryFilterForm

    for form in (DashboardFilterForm, EntryFilterForm):
        assert {type(field.widget) for field in form.base_fields.values()} == {DirectSelect}
