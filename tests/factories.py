"""Test data made through the real services, shared by every test folder."""

import datetime as dt

from obligations.services import record_progress, review_entry


def log_entry(commitment, author, **fields):
    """A progress entry as the form would make it (defaults: in progress, 2024-10-01)."""
    values = {"happened_on": dt.date(2024, 10, 1), "reported_status": "in_progress", "narrative": "بازدید میدانی."}
    values.update(fields)
    return record_progress(commitment=commitment, author=author, **values)[0]


def return_entry(entry, reviewer, comment="عکس بازدید را پیوست کنید."):
    """The monitor sends the entry back with a comment."""
    return review_entry(
        entry=entry, reviewer=reviewer, decision="returned", comment=comment, expected_version=entry.version
    )
