"""The commitment's row carries from when a recorded amendment withdraws it (Commitment.withdrawn_from),
so the log form's refusal check costs no query on a commitment in force. Stored equals fresh."""

import datetime as dt

import pytest
from django.db.models import F

from amendments.models import fresh_withdrawn_from, rebuild_withdrawn_from, withdrawn_refusal
from amendments.services import confirm_amendment
from obligations.models import Commitment

pytestmark = pytest.mark.django_db


def _stored_and_fresh(agreement):
    return list(
        Commitment.all_kinds.filter(agreement=agreement)
        .annotate(fresh=fresh_withdrawn_from())
        .exclude(withdrawn_from=F("fresh"))
        .exclude(withdrawn_from__isnull=True, fresh__isnull=True)
        .values_list("number", "withdrawn_from", "fresh")
    )


def test_recording_a_withdrawal_stores_its_date_on_the_commitment(agreement, b7_and_b12, commitment):
    day = dt.date(2024, 9, 1)
    assert commitment("B12").withdrawn_from is None
    b7_and_b12(day)
    assert commitment("B12").withdrawn_from == day
    assert commitment("B7").withdrawn_from is None  # modified, not withdrawn
    assert _stored_and_fresh(agreement) == []
    # The refusal reads the row: none before the day, the amendment's reason from it on.
    assert withdrawn_refusal(commitment("B12"), day - dt.timedelta(days=1)) is None
    assert "B12" in (withdrawn_refusal(commitment("B12"), day) or "")


def test_a_draft_not_yet_confirmed_by_every_party_stores_nothing(agreement, draft, commitment, rural_focal):
    from amendments.models import AmendmentChange
    from amendments.services import add_change

    amendment = draft(dt.date(2024, 9, 1))
    b12 = commitment("B12")
    add_change(amendment=amendment, action=AmendmentChange.Action.WITHDRAW, commitment=b12, by=rural_focal)
    confirm_amendment(amendment=amendment, party=rural_focal.membership.party, by=rural_focal)
    assert commitment("B12").withdrawn_from is None
    assert withdrawn_refusal(commitment("B12"), dt.date(2025, 1, 1)) is None
    assert _stored_and_fresh(agreement) == []


def test_a_stale_copy_saved_in_full_does_not_bring_the_date_back(agreement, b7_and_b12, commitment):
    old = commitment("B12")
    b7_and_b12(dt.date(2024, 9, 1))
    old.text_en = old.text_en + "."
    old.save()
    assert commitment("B12").withdrawn_from == dt.date(2024, 9, 1)


def test_rebuild_writes_what_the_amendments_say(agreement, b7_and_b12, commitment):
    b7_and_b12(dt.date(2024, 9, 1))
    Commitment.all_kinds.filter(agreement=agreement).update(withdrawn_from=None)
    assert _stored_and_fresh(agreement) != []
    rebuild_withdrawn_from()
    assert _stored_and_fresh(agreement) == []
