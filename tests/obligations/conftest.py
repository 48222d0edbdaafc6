"""Fixtures for the workspace tests: entries made through the real service."""

import pytest


@pytest.fixture
def as_user(client, request):
    """as_user("rural_staff"): the test client signed in as that persona (None: anonymous)."""

    def sign_in(persona):
        if persona is not None:
            client.force_login(request.getfixturevalue(persona))
        return client

    return sign_in
