"""What every Peyman admin page shares: history, Persian search, and dates in the reader's calendar."""

from django.db import models
from simple_history.admin import SimpleHistoryAdmin

from agreement.admin_search import PersianSearchMixin
from agreement.fields import LocalDateField, LocalDateInput


class PeymanAdmin(PersianSearchMixin, SimpleHistoryAdmin):
    # Jalali in Persian, ISO Gregorian in English, typed with any digits.
    formfield_overrides = {models.DateField: {"form_class": LocalDateField, "widget": LocalDateInput}}
