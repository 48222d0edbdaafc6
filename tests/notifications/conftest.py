"""Fixtures for the notification tests: entries made and returned through the real services."""

import pytest

from tests import factories


@pytest.fixture
def return_entry():
    return factories.return_entry


@pytest.fixture
def with_emails(rural_staff, rural_focal, rural_viewer, relief_staff, relief_viewer, monitor, committee_member):
    """Give each persona an address, as the demo people have."""
    people = [rural_staff, rural_focal, rural_viewer, relief_staff, relief_viewer, monitor, committee_member]
    for person in people:
        person.email = f"{person.username}@example.org"
        person.save(update_fields=["email"])
    return people
