"""What changed between two saved versions of a row (django-simple-history), as a reader reads it.

The one diff renderer: a commitment's change history and an entry's versions on the review page
both list their changes through `field_changes`, so a changed date, target or choice reads the same
on every page (Jalali dates, grouped Persian digits, choice labels).
"""

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, cast

from django.db.models import Field

from agreement.formatting import plain_number, quantity, reader_date


@dataclass
class FieldChange:
    label: Any  # the field's verbose name, lazy: read in the language of the page that shows it
    old: str
    new: str


def shown_value(field: Field, value: Any, empty: str = "") -> str:
    """A stored value as the reader reads it: choice labels, Jalali dates and Persian digits in `fa`."""
    if value is None or value == "":
        return empty
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, dt.date):
        return reader_date(value)
    if isinstance(value, Decimal):
        return quantity(value)  # grouped: a target of 3986 reads «۳٬۹۸۶»
    if isinstance(value, int):
        return plain_number(value)
    return str(value)


def field_changes(
    record,
    previous,
    fields: Iterable[str],
    *,
    empty: str = "",
    shown: Callable[[str, Any], str | None] | None = None,
) -> list[FieldChange]:
    """The fields among `fields` whose value differs between `previous` and `record`, in their order.

    `shown(name, value)` may render a field itself (a foreign key, say); returning None leaves the
    value to `shown_value`.
    """
    model = record.instance_type

    def render(name: str, value: Any) -> str:
        text = shown(name, value) if shown is not None and value not in (None, "") else None
        return text if text is not None else shown_value(cast(Field, model._meta.get_field(name)), value, empty)

    delta = record.diff_against(previous, included_fields=list(fields))
    return [
        FieldChange(
            label=model._meta.get_field(item.field).verbose_name,
            old=render(item.field, item.old),
            new=render(item.field, item.new),
        )
        for item in delta.changes
    ]
