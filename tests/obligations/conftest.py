"""Fixtures for the workspace tests: entries made through the real service."""

import datetime as dt

import pytest

from tests.factories import make_entry


@pytest.fixture
def log_entry():
    """log_entry(commitment, author, **fields): a progress entry made as the form would make it."""

    def make(commitment, author, **fields):
        fields.setdefault("happened_on", dt.date(2024, 5, 1))
        fields.setdefault("narrative", "بازدید میدانی انجام شد.")
        return make_entry(commitment, author, **fields)

    return make


@pytest.fixture
def as_user(client, request):
    """as_user("rural_staff"): the test client signed in as that persona (None: anonymous)."""

    def sign_in(persona):
        if persona is not None:
            client.force_login(request.getfixturevalue(persona))
        return client

    return sign_in
