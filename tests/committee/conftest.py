"""Committee objects made through the real services (the committee personas are in tests/conftest.py)."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from committee.services import create_meeting, mark_held, record_decision

TEHRAN = ZoneInfo("Asia/Tehran")
REFERENCE = "qazvin-ikrc-rural-1397"


@pytest.fixture
def meeting(agreement, relief_member):
    """A planned (draft) meeting, 1 Mehr 1403 at 10:00 Tehran time."""
    return create_meeting(
        agreement=agreement,
        starts_at=dt.datetime(2024, 9, 22, 10, 0, tzinfo=TEHRAN),
        place="سالن جلسات",
        by=relief_member,
    )


@pytest.fixture
def held_meeting(meeting, relief_member):
    return mark_held(meeting=meeting, by=relief_member)


@pytest.fixture
def decision(held_meeting, relief_member, rural, commitment):
    """A decision the rural affairs office follows up, due 30 Mehr 1403."""
    return record_decision(
        meeting=held_meeting,
        text_fa="نصب تابلوهای ترویج زکات در ورودی روستاهای تاکستان",
        text_en="Install zakat signs at Takestan's village entrances",
        owner=rural,
        due_on=dt.date(2024, 10, 21),
        linked_commitments=[commitment("B9")],
        by=relief_member,
    )
