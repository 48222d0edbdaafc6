"""Display helpers for review and evaluation pages."""

from django import template
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from agreement.jalali import Quarter
from agreement.persian import to_persian_digits
from agreement.templatetags.peyman import is_persian

register = template.Library()

QUARTER_MONTHS = [
    gettext_lazy("Farvardin–Khordad"),
    gettext_lazy("Tir–Shahrivar"),
    gettext_lazy("Mehr–Azar"),
    gettext_lazy("Dey–Esfand"),
]
ORDINALS = [gettext_lazy("First"), gettext_lazy("Second"), gettext_lazy("Third"), gettext_lazy("Fourth")]


@register.filter
def quarter_label(period: Quarter) -> str:
    """'Q3 1403 (Mehr–Azar)' / 'سه‌ماههٔ سوم ۱۴۰۳ (مهر تا آذر)'."""
    text = _("%(ordinal)s quarter of %(year)s (%(months)s)") % {
        "ordinal": ORDINALS[period.number - 1],
        "year": period.year,
        "months": QUARTER_MONTHS[period.number - 1],
    }
    return to_persian_digits(text) if is_persian() else text


@register.filter
def person(user) -> str:
    """A user's full name, else their username; a dash when no one is recorded (data loaded by a script)."""
    if user is None:
        return "—"
    return user.get_full_name() or user.get_username()
