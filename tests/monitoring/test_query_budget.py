"""The review queue and the evaluation list cost the same number of queries for 1 entry or many."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.monitoring.conftest import REFERENCE


def _queries(client, url, params=None):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params or {})
    assert response.status_code == 200
    return len(captured)


def test_the_review_queue_runs_a_constant_number_of_queries(
    as_user,
    monitor,
    second_monitor,
    log_entry,
    commitment,
    rural_staff,
    relief_staff,
    attach_evidence,
    agreement,
    django_assert_max_num_queries,
):
    from obligations.services import review_entry, update_entry

    client = as_user(monitor)
    url = reverse("review_queue", args=[REFERENCE])
    first = log_entry(commitment("B5"), rural_staff)
    attach_evidence(first)
    client.get(url)  # warm the session and any per-process caches
    with_one = _queries(client, url)

    county = agreement.counties.first()
    for index in range(30):
        author, number = (rural_staff, "B6") if index % 2 else (relief_staff, "A1")
        entry = log_entry(commitment(number), author, county=county)
        attach_evidence(entry, f"سند {index}.pdf")
        attach_evidence(entry, f"عکس {index}.pdf")
        if index % 5 == 0:
            review_entry(entry=entry, reviewer=second_monitor, decision="returned", comment="اصلاح", expected_version=1)
            update_entry(entry=entry, expected_version=2, narrative="اصلاح شد")
    with_many = _queries(client, url)
    filtered = _queries(client, url, {"county": county.pk, "party": rural_staff.membership.party_id})

    assert with_one == with_many == filtered
    with django_assert_max_num_queries(with_one):
        client.get(url, {"page": 2})
    print(f"review queue: {with_many} queries for 1 entry or 31")


def test_the_evaluation_list_runs_a_constant_number_of_queries(
    as_user, monitor, log_entry, rural_staff, relief_staff, commitment, settings
):
    from monitoring.models import Evaluation

    settings.PEYMAN_PAGE_CACHE_SECONDS = 0  # the table rendered each time, as after every change
    client = as_user(monitor)
    url = reverse("evaluation_list", args=[REFERENCE])
    client.get(url)
    empty = _queries(client, url, {"quarter": "1403-Q3"})

    for number in ("B1", "B2", "B5", "A1", "A2", "J1"):
        author = relief_staff if number.startswith("A") else rural_staff
        log_entry(commitment(number), author, percent_complete=30)
        log_entry(commitment(number), author, percent_complete=50)
        Evaluation.objects.create(
            commitment=commitment(number), year=1403, quarter=3, rating="weak", assessment="کند", evaluated_by=monitor
        )
    full = _queries(client, url, {"quarter": "1403-Q3"})

    assert empty == full
    print(f"evaluation list: {full} queries with or without entries and evaluations")
