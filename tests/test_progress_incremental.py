"""The figures kept on write move by each entry's own change; after every step of a random sequence
of writes (log, edit, withdraw, return, accept, resubmit) they equal the full rule's recomputation.

The services (obligations.services) call Commitment.apply_entry_change(); the reference is
Commitment.fresh_progress_values() and fresh_quarter_figures(), which count all the entries.
"""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from obligations.models import Commitment, ProgressEntry, QuarterFigures
from obligations.progress import IndicatorKind
from obligations.services import record_progress, review_entry, update_entry, withdraw_entry
from tests.fresh_figures import FreshProgress

fields = {
    "days_ago": st.integers(min_value=0, max_value=200),  # spans quarters, so entries move between rows
    "status": st.sampled_from(["in_progress", "at_risk", "blocked", "completed"]),
    "percent": st.none() | st.integers(min_value=0, max_value=100),
    "quantity": st.none() | st.decimals(min_value=0, max_value=500, places=2, allow_nan=False),
    "county": st.none() | st.integers(min_value=0, max_value=2),
}
log_step = st.fixed_dictionaries({"op": st.just("log"), **fields})
edit_step = st.fixed_dictionaries({"op": st.just("edit"), "which": st.integers(0, 20), **fields})
other_step = st.fixed_dictionaries(
    {"op": st.sampled_from(["withdraw", "accept", "return"]), "which": st.integers(0, 20)}
)
history = st.fixed_dictionaries(
    {
        "kind": st.sampled_from(IndicatorKind.values),
        "target": st.none() | st.decimals(min_value=1, max_value=1000, places=2),
        "baseline": st.none() | st.decimals(min_value=0, max_value=999, places=2),
        "steps": st.lists(st.one_of(log_step, log_step, edit_step, other_step), min_size=1, max_size=14),
    }
)


def _entry_fields(step, counties) -> dict:
    return {
        "happened_on": timezone.localdate() - dt.timedelta(days=step["days_ago"]),
        "reported_status": step["status"],
        "percent_complete": step["percent"],
        "quantity": step["quantity"],
        "county": None if step["county"] is None else counties[step["county"]],
    }


def _apply(step, commitment, counties, author, monitor) -> None:
    if step["op"] == "log":
        record_progress(commitment=commitment, author=author, narrative="گزارش", **_entry_fields(step, counties))
        return
    entries = list(ProgressEntry.objects.filter(commitment=commitment).order_by("pk"))
    if not entries:
        return
    entry = entries[step["which"] % len(entries)]
    if entry.is_withdrawn:
        return
    if step["op"] == "edit":
        if entry.is_editable:  # a returned entry's edit sends it back for review
            update_entry(entry=entry, expected_version=entry.version, **_entry_fields(step, counties))
    elif step["op"] == "withdraw":
        withdraw_entry(entry=entry, reason="اشتباه", expected_version=entry.version)
    elif entry.review_state == ProgressEntry.ReviewState.SUBMITTED:
        decision = "accepted" if step["op"] == "accept" else "returned"
        review_entry(
            entry=entry,
            reviewer=monitor,
            decision=decision,
            comment="" if decision == "accepted" else "اصلاح شود",
            expected_version=entry.version,
        )


@pytest.fixture
def b5_fresh(agreement):
    return FreshProgress([Commitment.objects.get(agreement=agreement, number="B5").pk])


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(spec=history)
def test_after_every_write_the_kept_figures_equal_a_full_recomputation(spec, b5_fresh, agreement, rural_staff, monitor):
    fresh = b5_fresh  # the full rule's query, compiled once for the whole test (tests/fresh_figures.py)
    with transaction.atomic():
        commitment = Commitment.objects.get(agreement=agreement, number="B5")
        commitment.indicator_kind = spec["kind"]
        commitment.indicator_target = spec["target"]
        commitment.indicator_baseline = spec["baseline"]
        commitment.save()
        commitment.refresh_progress()
        counties = list(agreement.counties.order_by("pk")[:3])
        for number, step in enumerate(spec["steps"]):
            _apply(step, commitment, counties, rural_staff, monitor)
            commitment.refresh_from_db()
            assert commitment.stored_progress_values() == fresh()[commitment.pk], (number, step)
            assert QuarterFigures.objects.differences([commitment.pk]) == [], (number, step)
        assert fresh()[commitment.pk] == commitment.fresh_progress_values()  # the same rule, built anew
        transaction.set_rollback(True)


def test_withdrawing_the_only_quantity_leaves_no_value_and_the_latest_falls_back(commitment, rural_staff):
    b5 = commitment("B5")
    today = timezone.localdate()
    older, _ = record_progress(
        commitment=b5, author=rural_staff, happened_on=today - dt.timedelta(days=9), reported_status="at_risk",
        percent_complete=20, narrative="نخست",
    )  # fmt: skip
    newer, _ = record_progress(
        commitment=b5, author=rural_staff, happened_on=today, reported_status="completed",
        quantity=Decimal("4.50"), narrative="دوم",
    )  # fmt: skip
    b5.refresh_from_db()
    assert (b5.status, b5.progress_reported, b5.value_reported) == ("completed", 100, Decimal("4.50"))
    withdraw_entry(entry=newer, reason="تکراری", expected_version=newer.version)
    b5.refresh_from_db()
    assert (b5.status, b5.progress_reported, b5.value_reported) == ("at_risk", 20, None)
    assert b5.stored_progress_values() == b5.fresh_progress_values()
