"""Display helpers for the workspace pages."""

from decimal import Decimal

from django import template

from agreement.templatetags.peyman import pnumber

register = template.Library()


@register.filter
def quantity(value):
    """A grouped quantity with only the decimals it needs: 41.00 -> ۴۱, 12.50 -> ۱۲٫۵."""
    if value in (None, ""):
        return ""
    value = Decimal(value).normalize()
    decimals = max(0, -value.as_tuple().exponent)
    return pnumber(value, decimals)


@register.filter
def filesize(value):
    """Bytes as KB or MB, in the reader's digits."""
    if value is None:
        return ""
    if value < 1024 * 1024:
        return f"{pnumber(max(1, round(value / 1024)))} KB"
    return f"{pnumber(round(value / (1024 * 1024), 1), 1)} MB"
