"""A commitment's change history (who changed what, when), read from django-simple-history."""

import datetime as dt
from dataclasses import dataclass, field

from agreement.history_diff import FieldChange, field_changes

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
class Change:
    when: dt.datetime
    who: object
    kind: str  # "+" created, "~" changed, "-" deleted (simple-history's history_type)
    fields: list[FieldChange] = field(default_factory=list)


def _owner_shown(commitment):
    parties = {s.party_id: s.party for s in commitment.agreement.signatories.all()}
    return lambda name, value: str(parties.get(value, value)) if name == "owner" else None


# The page shows the latest changes; the full history stays in the admin.
SHOWN_CHANGES = 50


def commitment_changes(commitment, limit: int = SHOWN_CHANGES) -> list[Change]:
    """The latest `limit` changes, newest first; one query whatever the length of the history."""
    latest = commitment.history.select_related("history_user").order_by("-history_date", "-history_id")
    records = list(latest[: limit + 1])[::-1]
    # With more history than shown, the oldest record loaded is only the base of the first diff.
    changes, previous = [], None
    shown = _owner_shown(commitment)
    if len(records) > limit:
        previous, records = records[0], records[1:]
    for record in records:
        change = Change(when=record.history_date, who=record.history_user, kind=record.history_type)
        if previous is not None:
            change.fields = field_changes(record, previous, _SHOWN, empty="–", shown=shown)
            if not change.fields:
                previous = record
                continue
        changes.append(change)
        previous = record
    return changes[::-1]
