"""Display helpers for review and evaluation pages."""

from django import template

register = template.Library()


@register.filter
def person(user) -> str:
    """A user's full name, else their username; a dash when no one is recorded (data loaded by a script)."""
    if user is None:
        return "—"
    return user.get_full_name() or user.get_username()
