"""The dashboard's numbers: right, filtered, linked to the list behind them, and in constant queries."""

import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from agreement.jalali import Quarter
from dashboard.figures import QUARTER_COLUMNS, build_dashboard, rag
from dashboard.filters import JOINT, DashboardFilters
from obligations.models import Commitment, ProgressEntry

from .conftest import DASHBOARD, ENTRIES

NOW = dt.datetime(2024, 11, 1, 9, 0, tzinfo=dt.UTC)  # 1403-08-11, in 1403-Q3


def _board(agreement, **filters):
    return build_dashboard(agreement, DashboardFilters(**filters))


@time_machine.travel(NOW, tick=False)
def test_progress_is_the_mean_of_each_commitments_latest_percent(agreement, log, review):
    log("B1", percent=40, happened_on=dt.date(2024, 10, 1))
    log("B1", percent=80, happened_on=dt.date(2024, 10, 20))
    log("B2", percent=100, status="completed")
    review(log("B3", percent=90), "returned", "مستند ندارد")  # a returned entry does not count
    board = _board(agreement)
    total = Commitment.objects.filter(agreement=agreement).count()
    assert board.overall.total == total
    assert board.overall.progress == round((80 + 100) / total)
    rural = next(row for row in board.per_party if row.code == "rural-affairs-qazvin")
    rural_total = Commitment.objects.filter(owner__code="rural-affairs-qazvin").count()
    assert rural.total == rural_total and rural.progress == round(180 / rural_total)
    assert rural.by_status["completed"] == 1 and rural.by_status["in_progress"] == 1
    assert rural.rag_green == 2 and rural.rag_red == rural_total - 2


def test_rag_bands_follow_the_settings(settings):
    settings.PEYMAN_RAG_GREEN_PERCENT, settings.PEYMAN_RAG_AMBER_PERCENT = 80, 50
    assert [rag(p) for p in (80, 79, 50, 49, None)] == ["green", "amber", "amber", "red", "red"]


@time_machine.travel(NOW, tick=False)
def test_entries_are_counted_by_review_state_and_quarter(agreement, log, review):
    q3 = Quarter(1403, 3)
    accepted = log("B1", happened_on=q3.first_day)
    review(accepted, "accepted")
    review(log("B2", happened_on=q3.last_day), "returned", "ناقص")
    log("B3", happened_on=q3.first_day - dt.timedelta(days=1))  # the last day of Q2, awaiting review
    board = _board(agreement)
    assert (board.entries.total, board.entries.awaiting, board.entries.accepted, board.entries.returned) == (3, 1, 1, 1)
    columns = {str(c.quarter): (c.accepted, c.awaiting, c.returned) for c in board.entries.quarters}
    assert columns["1403-Q3"] == (1, 0, 1) and columns["1403-Q2"] == (0, 1, 0)
    assert list(columns)[-1] == "1403-Q3" and len(columns) == QUARTER_COLUMNS
    in_q3 = _board(agreement, quarter=q3)
    assert (in_q3.entries.total, in_q3.entries.awaiting) == (2, 0)


@time_machine.travel(NOW, tick=False)
def test_party_status_and_county_filters_narrow_the_figures(agreement, log):
    county = agreement.counties.first()
    log("B1", county=county)
    log("A1", county=county)
    log("J1")
    rural = _board(agreement, party="rural-affairs-qazvin")
    assert rural.overall.total == Commitment.objects.filter(owner__code="rural-affairs-qazvin").count()
    assert rural.entries.total == 1 and [row.code for row in rural.per_party] == ["rural-affairs-qazvin"]
    joint = _board(agreement, party=JOINT)
    assert joint.overall.total == 1 and joint.entries.total == 1
    in_county = _board(agreement, county=county)
    assert in_county.entries.total == 2 and dict(in_county.counties)[county] == 2
    by_status = _board(agreement, status="not_started")
    assert by_status.overall.by_status["in_progress"] == 0 and by_status.entries.total == 0


@time_machine.travel(NOW, tick=False)
def test_overdue_and_stale_are_counted_and_listed(agreement, log, settings):
    b1 = Commitment.objects.get(number="B1")
    b1.due_on = dt.date(2024, 6, 1)
    b1.save()
    log("B2")
    board = _board(agreement)
    total = Commitment.objects.filter(agreement=agreement).count()
    assert board.overall.overdue == 1
    assert board.overall.stale == total - 1  # every commitment but B2 has no recent entry
    assert board.attention[0].number == "B1" and board.attention[0].is_overdue


@time_machine.travel(NOW, tick=False)
def test_latest_evaluations_sit_beside_the_reported_status(agreement, log, evaluate):
    log("B1", percent=50, status="at_risk")
    evaluate(Commitment.objects.get(number="B1"), 1403, 2, "weak")
    evaluate(Commitment.objects.get(number="B1"), 1403, 3, "partly_met")
    evaluate(Commitment.objects.get(number="B2"), 1403, 3, "fully_met")
    board = _board(agreement)
    assert str(board.evaluations.quarter) == "1403-Q3"
    assert board.evaluations.by_rating["partly_met"] == 1 and board.evaluations.by_rating["weak"] == 0
    assert {e.commitment.number for e in board.evaluations.latest} == {"B1", "B2"}
    assert _board(agreement, quarter=Quarter(1403, 2)).evaluations.by_rating["weak"] == 1


def test_recent_activity_merges_entries_and_reviews_newest_first(agreement, log, review):
    with time_machine.travel(NOW, tick=False):
        entry = log("B1")
    with time_machine.travel(NOW + dt.timedelta(hours=2), tick=False):
        review(entry, "returned", "ناقص")
    with time_machine.travel(NOW + dt.timedelta(hours=1), tick=False):
        log("B2")
    activity = _board(agreement).activity
    assert [(item.entry.commitment.number, item.review is not None) for item in activity] == [
        ("B1", True),
        ("B2", False),
        ("B1", False),
    ]


@time_machine.travel(NOW, tick=False)
def test_the_page_shows_the_numbers_with_links_to_the_lists_behind_them(client, agreement, committee_member, log):
    log("B1", percent=40)
    client.force_login(committee_member)
    response = client.get(DASHBOARD, {"party": "rural-affairs-qazvin"})
    html = response.content.decode()
    assert response.status_code == 200
    assert f'href="{ENTRIES}?party=rural-affairs-qazvin&amp;review=submitted"' in html
    assert f'href="{ENTRIES}?party=rural-affairs-qazvin&amp;quarter=1403-Q3"' in html
    assert 'id="progress-rule"' in html and 'id="rag-explained"' in html  # the rule and the bands, in words
    assert "PEYMAN_" not in html  # never a setting's name on a user's page
    assert "۷۰٪" in html


def test_a_bad_filter_is_explained_beside_its_field_and_ignored(client, agreement, monitor):
    client.force_login(monitor)
    response = client.get(DASHBOARD, {"party": "nobody", "quarter": "1403-Q3"})
    assert response.status_code == 200
    form = response.context["form"]
    assert "party" in form.errors and "quarter" not in form.errors
    assert response.context["filters"].party == "" and str(response.context["filters"].quarter) == "1403-Q3"
    assert 'id="id_party-error"' in response.content.decode() or "errorlist" in response.content.decode()


def test_the_entries_list_shows_what_a_number_counted(client, agreement, committee_member, log, review):
    review(log("B1"), "returned", "عکس اضافه شود")
    log("B2")
    client.force_login(committee_member)
    response = client.get(ENTRIES, {"review": "returned"})
    assert [e.commitment.number for e in response.context["page"].object_list] == ["B1"]
    assert "عکس اضافه شود" in response.content.decode()
    assert response.context["page"].paginator.count == 1
    assert client.get(ENTRIES, {"review": "submitted"}).context["page"].paginator.count == 1


def test_the_dashboard_changes_when_an_entry_is_accepted(client, agreement, monitor, log, review):
    entry = log("B1")
    client.force_login(monitor)
    assert client.get(DASHBOARD).context["board"].entries.awaiting == 1
    review(entry, "accepted")
    board = client.get(DASHBOARD).context["board"]
    assert (board.entries.awaiting, board.entries.accepted) == (0, 1)


def _count_queries(client, url, params=None):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url, params or {}).status_code == 200
    return len(queries)


@pytest.mark.parametrize("url", [DASHBOARD, ENTRIES])
@pytest.mark.parametrize("params", [{}, {"party": "rural-affairs-qazvin", "quarter": "1403-Q3", "county": "qazvin"}])
def test_the_query_count_does_not_grow_with_the_data(
    client, agreement, monitor, log, evaluate, many_entries, url, params
):
    client.force_login(monitor)
    log("B1")
    evaluate(Commitment.objects.get(number="B1"), 1403, 3, "weak")
    small = _count_queries(client, url, params)
    many_entries(600)
    for commitment in Commitment.objects.filter(agreement=agreement)[:10]:
        evaluate(commitment, 1403, 2, "partly_met")
    assert ProgressEntry.objects.count() > 600
    large = _count_queries(client, url, params)
    assert small == large
    assert large <= 22  # 20, the header's count of unread notifications, the committee's decisions


def test_the_dashboard_runs_at_most_twenty_queries(
    client, agreement, monitor, many_entries, django_assert_max_num_queries
):
    many_entries(300)
    client.force_login(monitor)
    client.get(DASHBOARD)  # warm the session
    with django_assert_max_num_queries(20):
        client.get(DASHBOARD)


def test_the_page_works_in_english_too(client, agreement, relief_viewer, log):
    log("A1", percent=20)
    client.force_login(relief_viewer)
    response = client.get("/en" + DASHBOARD)
    html = response.content.decode()
    assert response.status_code == 200 and 'dir="ltr"' in html and "20%" in html
    assert "Overall progress" in html and "Progress by party" in html
