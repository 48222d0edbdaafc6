"""A bad row is refused by the database itself, not only by a form."""

import datetime as dt

import pytest
from django.db import IntegrityError, transaction
from django.db.models.deletion import ProtectedError

from agreement.models import Signatory
from obligations.models import Commitment, Evidence, ProgressEntry
from obligations.services import record_progress


def _entry(commitment, author, **overrides):
    values = {
        "commitment": commitment,
        "author": author,
        "party": author.membership.party,
        "happened_on": dt.date(2024, 5, 1),
        "reported_status": "in_progress",
        "narrative": "کار انجام شد",
    }
    values.update(overrides)
    return ProgressEntry(**values)


def _refused(obj, name):
    # PostgreSQL names the constraint; SQLite names only the columns of a unique index.
    with pytest.raises(IntegrityError, match=f"{name}|UNIQUE constraint failed"), transaction.atomic():
        obj.save()


def test_percent_must_be_between_0_and_100(commitment, rural_staff):
    _refused(_entry(commitment("B5"), rural_staff, percent_complete=101), "entry_percent_between_0_and_100")


def test_a_narrative_is_required(commitment, rural_staff):
    _refused(_entry(commitment("B5"), rural_staff, narrative=""), "entry_narrative_required")


def test_a_return_needs_a_comment(commitment, rural_staff, monitor):
    entry = _entry(
        commitment("B5"), rural_staff, review_state="returned", reviewed_by=monitor, reviewed_at=dt.datetime.now(dt.UTC)
    )
    _refused(entry, "entry_return_has_a_comment")


def test_a_withdrawal_needs_a_reason(commitment, rural_staff):
    entry = _entry(commitment("B5"), rural_staff, withdrawn_at=dt.datetime.now(dt.UTC))
    _refused(entry, "entry_withdrawal_has_a_reason")


def test_commitment_numbers_are_unique_per_agreement_and_owner(commitment):
    b5 = commitment("B5")
    copy = Commitment(agreement=b5.agreement, owner=b5.owner, number="B5", text_fa="x", text_en="x")
    _refused(copy, "commitment_number_unique_per_owner")


def test_joint_commitment_numbers_are_unique_too(commitment):
    j1 = commitment("J1")
    copy = Commitment(agreement=j1.agreement, owner=None, number="J1", text_fa="x", text_en="x")
    _refused(copy, "joint_commitment_number_unique")


def test_only_one_monitoring_party(agreement, rural):
    signatory = Signatory.objects.get(agreement=agreement, party=rural)
    signatory.is_monitoring_party = True
    _refused(signatory, "one_monitoring_party_per_agreement")


def test_a_commitment_with_entries_cannot_be_deleted(commitment, rural_staff):
    b5 = commitment("B5")
    record_progress(
        commitment=b5,
        author=rural_staff,
        happened_on=dt.date(2024, 5, 1),
        reported_status="in_progress",
        narrative="شروع کار",
    )
    with pytest.raises(ProtectedError):
        b5.delete()


def test_empty_evidence_is_refused(commitment, rural_staff):
    entry = _entry(commitment("B5"), rural_staff)
    entry.save()
    evidence = Evidence(
        entry=entry,
        file="evidence/x",
        original_name="x.pdf",
        size=0,
        content_type="application/pdf",
        sha256="0" * 64,
        uploaded_by=rural_staff,
        uploaded_at=dt.datetime.now(dt.UTC),
    )
    _refused(evidence, "evidence_not_empty")
