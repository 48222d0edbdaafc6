"""Fixtures for review and evaluation: entries to review and a clock in a known Jalali quarter."""

import datetime as dt

import pytest
import time_machine
from django.conf import settings
from django.utils import translation

from tests.factories import attach_file

REFERENCE = "qazvin-ikrc-rural-1397"
# 1403/08/11: the third quarter of 1403 (Mehr–Azar) is the current one.
NOW = dt.datetime(2024, 11, 1, 9, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def _persian_by_default():
    # A request to /en/ leaves English active in the thread, and reverse() would then build /en/ URLs
    # in the next test.
    with translation.override(settings.LANGUAGE_CODE):
        yield


@pytest.fixture(autouse=True)
def _frozen_clock():
    with time_machine.travel(NOW, tick=True):
        yield


@pytest.fixture
def b5_entry(log_entry, commitment, rural_staff):
    return log_entry(commitment("B5"), rural_staff, percent_complete=40)


@pytest.fixture
def a1_entry(log_entry, commitment, relief_staff):
    return log_entry(commitment("A1"), relief_staff, percent_complete=20)


@pytest.fixture
def as_user(client):
    """as_user(user) -> the test client signed in as that user (None: anonymous)."""

    def sign_in(user):
        client.logout()
        if user is not None:
            client.force_login(user)
        return client

    return sign_in


@pytest.fixture
def persona(request, db):
    """Indirect fixture: the persona named by the test's parameter (None for anonymous)."""
    if request.param == "anonymous":
        request.getfixturevalue("agreement")
        return None
    return request.getfixturevalue(request.param)


@pytest.fixture
def attach_evidence():
    """attach_evidence(entry, "name.pdf") -> an Evidence row with a small stored file."""

    def attach(entry, name="صورتجلسه.pdf", content=b"%PDF-1.4 minimal"):
        return attach_file(entry, name, content, "application/pdf")

    return attach
