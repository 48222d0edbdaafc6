"""Template filters of the committee pages."""

from django import template

from agreement.formatting import plain_number
from agreement.persian import reading_persian
from committee.models import HIJRI_MONTHS_EN, HIJRI_MONTHS_FA

register = template.Library()


@register.filter
def hijri(value, with_month=False):
    """A hijridate Hijri date as «۹ رمضان» / "9 Ramadan" (day only unless `with_month`)."""
    if value is None:
        return ""
    if not with_month:
        return plain_number(value.day)
    months = HIJRI_MONTHS_FA if reading_persian() else HIJRI_MONTHS_EN
    return f"{plain_number(value.day)} {months[value.month - 1]}"
