"""Fixtures for the notification tests: entries made and returned through the real services."""

import datetime as dt

import pytest

from obligations.services import record_progress, review_entry


@pytest.fixture
def log_entry():
    def make(commitment, author, **fields):
        values = {"happened_on": dt.date(2024, 5, 1), "reported_status": "in_progress", "narrative": "بازدید میدانی."}
        values.update(fields)
        entry, _ = record_progress(commitment=commitment, author=author, **values)
        return entry

    return make


@pytest.fixture
def return_entry():
    def do(entry, reviewer, comment="عکس بازدید را پیوست کنید."):
        return review_entry(
            entry=entry, reviewer=reviewer, decision="returned", comment=comment, expected_version=entry.version
        )

    return do


@pytest.fixture
def with_emails(rural_staff, rural_focal, rural_viewer, relief_staff, relief_viewer, monitor, committee_member):
    """Give each persona an address, as the demo people have."""
    people = [rural_staff, rural_focal, rural_viewer, relief_staff, relief_viewer, monitor, committee_member]
    for person in people:
        person.email = f"{person.username}@example.org"
        person.save(update_fields=["email"])
    return people
