"""The progress rule, once: the examples that went wrong, and random histories shown everywhere alike.

Every figure a person sees comes from obligations.progress: the stored figures (written under the
commitment's row lock), the database's fresh computation, the rule in Python, the commitments
page, a commitment's page, the CSV and XLSX exports, the dashboard and the PDF's snapshot.
"""

import csv
import datetime as dt
import io
import re
from decimal import Decimal

import openpyxl
import pytest
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from agreement.jalali import Quarter
from dashboard.exports import COMMITMENT_COLUMNS
from dashboard.figures import build_dashboard
from dashboard.filters import DashboardFilters
from obligations.models import Commitment, ProgressEntry, Status
from obligations.progress import IndicatorKind, compute_progress, mean_percent
from obligations.services import record_progress, review_entry, withdraw_entry
from reports.snapshot import build_snapshot
from tests.fresh_figures import FreshProgress

LIST = "/en/a/qazvin-ikrc-rural-1397/commitments/"
EXPORT = "/en/a/qazvin-ikrc-rural-1397/export/commitments/"


@pytest.fixture
def log(rural_staff, monitor):
    """log(commitment, percent=..., quantity=..., status=..., review=...) through the real services."""

    def make(commitment, *, percent=None, quantity=None, status="in_progress", days_ago=10, review=None):
        entry, _ = record_progress(
            commitment=commitment,
            author=rural_staff,
            happened_on=timezone.localdate() - dt.timedelta(days=days_ago),
            reported_status=status,
            percent_complete=percent,
            quantity=quantity,
            narrative="گزارش پیشرفت",
        )
        if review:
            review_entry(
                entry=entry,
                reviewer=monitor,
                decision=review,
                comment="" if review == "accepted" else "اصلاح شود",
                expected_version=entry.version,
            )
        commitment.refresh_from_db()
        return entry

    return make


def _with_target(commitment, target, *, baseline=None, kind=IndicatorKind.CUMULATIVE):
    commitment.indicator_target = Decimal(target)
    commitment.indicator_baseline = None if baseline is None else Decimal(baseline)
    commitment.indicator_kind = kind
    commitment.save()
    return commitment


def test_a_target_of_40_with_20_achieved_is_50_without_any_percent(commitment, log):
    b12 = _with_target(commitment("B12"), 40)
    log(b12, quantity=Decimal(12))
    log(b12, quantity=Decimal(8), review="accepted")
    assert (b12.progress_reported, b12.progress_verified) == (50, 20)
    assert b12.value_reported == Decimal(20) and b12.value_verified == Decimal(8)


def test_a_commitment_reported_at_60_then_completed_is_100(commitment, log):
    b1 = commitment("B1")
    log(b1, percent=60, days_ago=20, review="accepted")
    log(b1, status="completed", days_ago=5)
    assert (b1.status, b1.progress_reported, b1.progress_verified) == (Status.COMPLETED, 100, 60)


def test_a_level_runs_from_the_baseline_to_the_target_by_its_latest_value(commitment, log):
    a4 = _with_target(commitment("A4"), 75, baseline=55, kind=IndicatorKind.LEVEL)
    log(a4, quantity=Decimal(70), days_ago=30)
    log(a4, quantity=Decimal(60), days_ago=10)  # the share fell back: the latest value is the state
    assert (a4.progress_reported, a4.value_reported) == (25, Decimal(60))


def test_a_level_below_its_baseline_is_0_and_beyond_its_target_is_100(commitment, log):
    a4 = _with_target(commitment("A4"), 75, baseline=55, kind=IndicatorKind.LEVEL)
    log(a4, quantity=Decimal(50), days_ago=30)
    assert a4.progress_reported == 0
    log(a4, quantity=Decimal(80), days_ago=10)
    assert a4.progress_reported == 100


def test_returned_and_withdrawn_entries_never_count(commitment, log):
    b2 = commitment("B2")
    log(b2, percent=30, days_ago=30)
    log(b2, percent=90, days_ago=10, review="returned")
    late = log(b2, percent=80, days_ago=5)
    withdraw_entry(entry=late, reason="اشتباه ثبت شد", expected_version=late.version)
    b2.refresh_from_db()
    assert (b2.progress_reported, b2.progress_verified, b2.status) == (30, 0, Status.IN_PROGRESS)


def test_no_counted_entry_is_0_and_not_started(commitment, log):
    b3 = commitment("B3")
    log(b3, percent=50, review="returned")
    assert (b3.progress_reported, b3.status) == (0, Status.NOT_STARTED)


def test_figures_are_rounded_down_so_100_means_done(commitment, log):
    b12 = _with_target(commitment("B12"), 3)
    log(b12, quantity=Decimal("2.99"))
    assert b12.progress_reported == 99


def test_the_mean_rounds_halves_up():
    assert [mean_percent([]), mean_percent([0, 1]), mean_percent([50, 51]), mean_percent([33, 33, 34])] == [
        0,
        1,
        51,
        33,
    ]


# ---- Random histories: every place that shows progress shows the same figures ----------------

entry_strategy = st.fixed_dictionaries(
    {
        "days_ago": st.integers(min_value=0, max_value=60),
        "status": st.sampled_from(["in_progress", "at_risk", "blocked", "completed"]),
        "percent": st.none() | st.integers(min_value=0, max_value=100),
        "quantity": st.none() | st.decimals(min_value=0, max_value=500, places=2, allow_nan=False),
        "state": st.sampled_from(["submitted", "accepted", "returned", "withdrawn"]),
    }
)
commitment_strategy = st.fixed_dictionaries(
    {
        "kind": st.sampled_from(IndicatorKind.values),
        "target": st.none() | st.decimals(min_value=1, max_value=1000, places=2),
        "baseline": st.none() | st.decimals(min_value=0, max_value=999, places=2),
        "entries": st.lists(entry_strategy, max_size=6),
    }
)


def _make_history(commitment, spec, author, monitor):
    commitment.indicator_kind = spec["kind"]
    commitment.indicator_target = spec["target"]
    commitment.indicator_baseline = spec["baseline"]
    commitment.save()
    for item in spec["entries"]:
        entry, _ = record_progress(
            commitment=commitment,
            author=author,
            happened_on=timezone.localdate() - dt.timedelta(days=item["days_ago"]),
            reported_status=item["status"],
            percent_complete=item["percent"],
            quantity=item["quantity"],
            narrative="گزارش",
        )
        if item["state"] in ("accepted", "returned"):
            review_entry(
                entry=entry, reviewer=monitor, decision=item["state"], comment="نکته", expected_version=entry.version
            )
        elif item["state"] == "withdrawn":
            withdraw_entry(entry=entry, reason="تکراری", expected_version=entry.version)


def _list_page_figures(client) -> dict[str, tuple[int, int]]:
    html = client.get(LIST).content.decode()
    figures = {}
    for number, block in re.findall(
        r'class="commitment-number" href="[^"]*" dir="ltr">([^<]+)</a>(.*?)</article>', html, re.S
    ):
        reported = re.search(r'<progress max="100" value="(\d+)"', block).group(1)
        verified = re.search(r"verified (\d+)%", block).group(1)
        figures[number] = (int(reported), int(verified))
    return figures


def _detail_page_figures(client, number) -> tuple[int, int]:
    html = client.get(f"{LIST}{number}/").content.decode()
    reported = re.search(r'<progress max="100" value="(\d+)"', html).group(1)
    verified = re.search(r"verified (\d+)%", html).group(1)
    return int(reported), int(verified)


def _export_figures(client) -> tuple[dict, dict]:
    keys = [column.key for column in COMMITMENT_COLUMNS]
    at = keys.index("number"), keys.index("progress_percent"), keys.index("progress_verified_percent")
    response = client.get(EXPORT, {"format": "csv"})
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))[1:]
    from_csv = {row[at[0]]: (int(row[at[1]]), int(row[at[2]])) for row in rows}
    response = client.get(EXPORT, {"format": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    from_xlsx = {row[at[0]]: (int(row[at[1]]), int(row[at[2]])) for row in sheet.iter_rows(min_row=2, values_only=True)}
    return from_csv, from_xlsx


@pytest.fixture
def all_fresh(agreement):
    return FreshProgress(Commitment.objects.filter(agreement=agreement).values_list("pk", flat=True))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(specs=st.lists(commitment_strategy, min_size=3, max_size=3))
def test_every_page_export_dashboard_and_report_shows_the_same_figures(
    specs, all_fresh, agreement, client, committee_member, rural_staff, monitor
):
    with transaction.atomic():
        chosen = list(Commitment.objects.filter(agreement=agreement, number__in=["B5", "B12", "J1"]).order_by("pk"))
        for commitment, spec in zip(chosen, specs, strict=True):
            _make_history(commitment, spec, rural_staff, monitor)
        client.force_login(committee_member)
        everyone = list(Commitment.objects.filter(agreement=agreement).order_by("pk"))
        stored = {c.number: (c.progress_reported, c.progress_verified) for c in everyone}

        fresh = all_fresh()  # the full rule for every commitment in one query, compiled once per test
        for commitment in chosen:  # the same rule, built anew, for those with a random history
            assert commitment.fresh_progress_values() == fresh[commitment.pk], commitment.number
        assert len(fresh) == len(everyone)
        for commitment in everyone:
            assert commitment.stored_progress_values() == fresh[commitment.pk], commitment.number
            in_python = compute_progress(commitment, ProgressEntry.objects.filter(commitment=commitment))
            assert (in_python.reported.percent, in_python.verified.percent) == stored[commitment.number]
            assert in_python.status == commitment.status
            assert in_python.reported.value == commitment.value_reported
            assert in_python.verified.value == commitment.value_verified

        assert _list_page_figures(client) == stored
        for commitment in chosen:
            assert _detail_page_figures(client, commitment.number) == stored[commitment.number]
        from_csv, from_xlsx = _export_figures(client)
        assert from_csv == stored and from_xlsx == stored

        board = build_dashboard(agreement, DashboardFilters())
        assert {c.number: (c.progress_reported, c.progress_verified) for c in board.commitments} == stored
        assert board.overall.progress == mean_percent(reported for reported, _ in stored.values())
        assert board.overall.verified == mean_percent(verified for _, verified in stored.values())

        snapshot = build_snapshot(agreement, Quarter.current(), "en")
        rows = [row for section in snapshot["sections"] for row in section["commitments"]]
        assert {row["number"]: (row["percent"], row["verified_percent"]) for row in rows} == stored
        assert snapshot["summary"]["overall"]["verified_percent"] == board.overall.verified
        transaction.set_rollback(True)
