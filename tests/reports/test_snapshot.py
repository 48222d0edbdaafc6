"""The data behind a report: computed as of the quarter's end, JSON-safe, in a fixed number of queries."""

import datetime as dt
import json

from django.db import connection
from django.test.utils import CaptureQueriesContext

from obligations.models import Commitment
from obligations.services import record_progress
from reports.snapshot import build_snapshot
from tests.reports.conftest import ACCEPTED_NARRATIVE, ASSESSMENT, AWAITING_NARRATIVE, QUARTER, RETURNED_COMMENT


def _row(snapshot, number):
    return next(row for section in snapshot["sections"] for row in section["commitments"] if row["number"] == number)


def test_it_is_json_serialisable_as_it_is(agreement, quarter_data):
    snapshot = build_snapshot(agreement, QUARTER, "fa")
    assert json.loads(json.dumps(snapshot)) == snapshot


def test_it_takes_the_state_at_the_quarters_end_not_later(agreement, quarter_data):
    snapshot = build_snapshot(agreement, QUARTER, "en")
    b2 = _row(snapshot, "B2")
    # B2 was completed in the quarter; an entry after the quarter says in progress, and is ignored.
    assert (b2["status"], b2["percent"]) == ("completed", 100)
    b1 = _row(snapshot, "B1")
    assert (b1["percent"], b1["verified_percent"], b1["previous_percent"]) == (60, 60, 20)
    b3 = _row(snapshot, "B3")  # awaiting review: reported, not verified
    assert (b3["percent"], b3["verified_percent"]) == (30, 0)
    assert [entry["narrative"] for entry in b1["entries"]] == [ACCEPTED_NARRATIVE]
    assert b1["evidence"][0]["name"] == "گزارش-مهر.pdf"
    assert b1["indicator"]["target"] == "40"


def test_it_carries_the_monitors_rating_and_the_previous_one(agreement, quarter_data):
    snapshot = build_snapshot(agreement, QUARTER, "en")
    b1 = _row(snapshot, "B1")
    assert b1["evaluation"]["rating"] == "partly_met"
    assert b1["evaluation"]["assessment"] == ASSESSMENT
    assert b1["previous_rating"] == "weak"
    assert snapshot["summary"]["rating_changes"] == {"improved": 1, "unchanged": 0, "declined": 1}
    ratings = {item["key"]: item["count"] for item in snapshot["summary"]["by_rating"]}
    assert ratings["fully_met"] == 1 and ratings["none"] == Commitment.objects.count() - 3


def test_only_accepted_entries_count_and_the_rest_go_to_the_appendix(agreement, quarter_data):
    snapshot = build_snapshot(agreement, QUARTER, "fa")
    assert _row(snapshot, "B3")["entries"] == []
    assert _row(snapshot, "B4")["entries"] == []
    appendix = {entry["number"]: entry for entry in snapshot["appendix"]}
    assert appendix["B3"]["narrative"] == AWAITING_NARRATIVE and appendix["B3"]["state"] == "submitted"
    assert appendix["B4"]["comment"] == RETURNED_COMMENT and appendix["B4"]["state"] == "returned"
    assert snapshot["summary"]["accepted_entries"] == 4


def test_summary_groups_parties_then_joint_and_flags_overdue(agreement, quarter_data):
    snapshot = build_snapshot(agreement, QUARTER, "en")
    titles = [group["title"] for group in snapshot["summary"]["groups"]]
    assert titles[-1] == "Joint commitments"
    assert len(titles) == 3
    assert [row["number"] for row in snapshot["summary"]["overdue"]] == ["B5"]
    statuses = {item["key"]: item["count"] for item in snapshot["summary"]["by_status"]}
    assert sum(statuses.values()) == Commitment.objects.count()
    assert statuses["completed"] == 1
    overall = snapshot["summary"]["overall"]
    assert overall["change"] == overall["verified_percent"] - overall["previous_percent"] > 0


def test_labels_follow_the_report_language(agreement, quarter_data):
    fa = build_snapshot(agreement, QUARTER, "fa")
    en = build_snapshot(agreement, QUARTER, "en")
    assert fa["agreement"]["title"] == agreement.title_fa
    assert en["agreement"]["title"] == agreement.title_en
    assert _row(en, "B2")["status_label"] == "Completed"
    assert _row(fa, "B2")["status_label"] != "Completed"


def test_the_number_of_queries_does_not_grow_with_the_data(agreement, quarter_data, rural_staff):
    with CaptureQueriesContext(connection) as small:
        build_snapshot(agreement, QUARTER, "fa")
    b6 = Commitment.objects.get(agreement=agreement, number="B6")
    for day in range(30):
        record_progress(
            commitment=b6,
            author=rural_staff,
            happened_on=dt.date(2024, 10, 1) + dt.timedelta(days=day),
            reported_status="in_progress",
            percent_complete=day,
            narrative="x",
        )
    with CaptureQueriesContext(connection) as large:
        build_snapshot(agreement, QUARTER, "fa")
    # Signatories, commitments, evaluations, latest accepted entries and their evidence, entry counts,
    # appendix, the completeness figures (commitments with whether evaluated, pending counts: the
    # same function the issue confirmation page calls), the quarter's full list, the committee section,
    # the addenda's changes to the wording and the addenda that took effect in the quarter.
    assert len(small) == len(large) <= 14, len(small)
