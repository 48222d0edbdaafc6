"""A commitment's change history (who changed what, when), read from django-simple-history."""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from agreement.formatting import plain_number, quantity, reader_date

# Fields people think of as the commitment; bookkeeping such as `position` would only be noise.
_SHOWN = [
    "owner",
    "number",
    "text_fa",
    "text_en",
    "note_fa",
    "note_en",
    "category",
    "due_on",
    "indicator_unit_fa",
    "indicator_unit_en",
    "indicator_baseline",
    "indicator_baseline_note_fa",
    "indicator_baseline_note_en",
    "indicator_target",
    "status",
]


@dataclass
class FieldChange:
    label: str
    old: str
    new: str


@dataclass
class Change:
    when: dt.datetime
    who: object
    kind: str  # "+" created, "~" changed, "-" deleted (simple-history's history_type)
    fields: list[FieldChange] = field(default_factory=list)


def _display(commitment, field_name: str, value) -> str:
    if value in (None, ""):
        return "–"
    model_field = commitment._meta.get_field(field_name)
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if field_name == "owner":
        parties = {s.party_id: s.party for s in commitment.agreement.signatories.all()}
        return str(parties.get(value, value))
    if isinstance(value, dt.date):
        return reader_date(value)
    if isinstance(value, Decimal):
        return quantity(value)  # grouped: a target of 3986 reads «۳٬۹۸۶»
    if isinstance(value, int):
        return plain_number(value)
    return str(value)


# The page shows the latest changes; the full history stays in the admin.
SHOWN_CHANGES = 50


def commitment_changes(commitment, limit: int = SHOWN_CHANGES) -> list[Change]:
    """The latest `limit` changes, newest first; one query whatever the length of the history."""
    latest = commitment.history.select_related("history_user").order_by("-history_date", "-history_id")
    records = list(latest[: limit + 1])[::-1]
    # With more history than shown, the oldest record loaded is only the base of the first diff.
    changes, previous = [], None
    if len(records) > limit:
        previous, records = records[0], records[1:]
    for record in records:
        change = Change(when=record.history_date, who=record.history_user, kind=record.history_type)
        if previous is not None:
            delta = record.diff_against(previous, included_fields=_SHOWN)
            for item in delta.changes:
                change.fields.append(
                    FieldChange(
                        label=str(commitment._meta.get_field(item.field).verbose_name),
                        old=_display(commitment, item.field, item.old),
                        new=_display(commitment, item.field, item.new),
                    )
                )
            if not change.fields:
                previous = record
                continue
        changes.append(change)
        previous = record
    return changes[::-1]
