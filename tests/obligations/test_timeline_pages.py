"""A long timeline comes in pages, with the status changes right across page boundaries."""

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from obligations.views.commitments import ENTRIES_PER_PAGE

URL = "/en/a/qazvin-ikrc-rural-1397/commitments/B5/"


def test_older_entries_are_on_the_next_pages(client, rural_staff, commitment, log_entry):
    b5 = commitment("B5")
    statuses = ["in_progress", "at_risk"]
    count = ENTRIES_PER_PAGE + 3
    for day in range(count):
        happened_on = dt.date(2020, 1, 1) + dt.timedelta(days=day)
        log_entry(b5, rural_staff, happened_on=happened_on, reported_status=statuses[day % 2])
    client.force_login(rural_staff)
    first = client.get(URL)
    assert len(first.context["timeline"]) == ENTRIES_PER_PAGE
    assert "Older entries" in first.content.decode()
    with CaptureQueriesContext(connection) as page_one:
        client.get(URL)
    with CaptureQueriesContext(connection) as page_two:
        second = client.get(f"{URL}?page=2")
    assert len(page_one) == len(page_two)
    timeline = second.context["timeline"]
    assert len(timeline) == 3
    # Across the boundary: page 1's oldest entry moved the commitment from page 2's newest status.
    oldest_on_first = first.context["timeline"][-1]
    assert (oldest_on_first.previous_status, oldest_on_first.reported_status) == ("in_progress", "at_risk")
    assert timeline[0].reported_status == "in_progress"
    assert timeline[-1].previous_status == "not_started"
    assert [e.changes_status for e in timeline] == [True, True, True]
    assert "Newer entries" in second.content.decode()


def test_a_page_number_out_of_range_shows_the_last_page(client, rural_staff, commitment, log_entry):
    log_entry(commitment("B5"), rural_staff)
    client.force_login(rural_staff)
    response = client.get(f"{URL}?page=99")
    assert response.status_code == 200 and len(response.context["timeline"]) == 1
    assert client.get(f"{URL}?page=abc").status_code == 200


def test_the_change_history_shows_the_latest_changes(client, rural_staff, superuser, commitment):
    from obligations import history

    b5 = commitment("B5")
    for day in range(1, 6):
        b5.due_on = dt.date(2025, 1, day)
        b5.save()
    # Values are formatted for the reader: ISO dates in English (Jalali in Persian, checked below).
    with translation.override("en"):
        changes = history.commitment_changes(b5, limit=3)
    assert [c.fields[0].new for c in changes] == ["2025-01-05", "2025-01-04", "2025-01-03"]
    assert [c.fields[0].old for c in changes] == ["2025-01-04", "2025-01-03", "2025-01-02"]
    with translation.override("fa"):
        persian = history.commitment_changes(b5, limit=1)
    assert persian[0].fields[0].new == "۱۴۰۳/۱۰/۱۶"  # 2025-01-05
