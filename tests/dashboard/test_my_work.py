"""'My work': each person's next things to do in the agreement, by role."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from monitoring.models import Evaluation
from notifications.models import Kind, Notification
from tests.factories import make_entry as log
from tests.factories import return_entry as give_back

URL = "/a/qazvin-ikrc-rural-1397/my-work/"
NOW = dt.datetime(2024, 10, 16, 6, 0, tzinfo=dt.UTC)  # 1403-Q3


@pytest.fixture(autouse=True)
def _in_a_quarter():
    with time_machine.travel(NOW, tick=False):
        yield


def test_anonymous_visitors_are_sent_to_sign_in(client, agreement):
    response = client.get(URL)
    assert response.status_code == 302
    assert reverse("login") in response.url


def test_an_outsider_gets_not_found(client, outsider):
    client.force_login(outsider)
    assert client.get(URL).status_code == 404


@pytest.mark.parametrize(
    "persona",
    ["rural_staff", "rural_focal", "rural_viewer", "relief_staff", "monitor", "committee_member", "superuser"],
)
def test_every_reader_gets_the_page(client, request, persona):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(URL).status_code == 200


def test_post_is_not_allowed(client, rural_staff, agreement):
    client.force_login(rural_staff)
    assert client.post(URL).status_code == 405


def test_home_leads_to_my_work_in_the_one_agreement(client, rural_staff, agreement):
    client.force_login(rural_staff)
    assert client.get(reverse("home")).url == URL


def test_staff_see_their_returned_entries_and_their_awaiting_ones(client, commitment, rural_staff, monitor):
    theirs = give_back(log(commitment("B5"), rural_staff), monitor, comment="تاریخ را اصلاح کنید")
    log(commitment("B6"), rural_staff)
    client.force_login(rural_staff)

    page = client.get(URL).content.decode()

    assert "تاریخ را اصلاح کنید" in page
    assert f"#entry-{theirs.pk}" in page
    assert "B6" in page.split('id="mine-title"')[1]


def test_a_focal_point_sees_the_partys_returned_entries_staff_only_their_own(
    client, commitment, rural_staff, rural_focal, monitor, django_user_model, rural
):
    give_back(log(commitment("B5"), rural_staff), monitor, comment="مستندات ناقص")
    client.force_login(rural_focal)
    assert "مستندات ناقص" in client.get(URL).content.decode()

    other = django_user_model.objects.create_user(username="rural-staff-2")
    from agreement.models import Membership

    Membership.objects.create(user=other, party=rural, role=Membership.Role.STAFF)
    client.force_login(other)
    assert "مستندات ناقص" not in client.get(URL).content.decode()


def test_monitors_see_the_queue_oldest_first_with_its_age_and_what_is_unevaluated(
    client, commitment, rural_staff, monitor
):
    with time_machine.travel(NOW - dt.timedelta(days=20), tick=False):
        log(commitment("B7"), rural_staff)
    log(commitment("B2"), rural_staff)
    Evaluation.objects.create(
        commitment=commitment("B1"), year=1403, quarter=3, rating="weak", assessment="کند", evaluated_by=monitor
    )
    client.force_login(monitor)

    page = client.get(URL).content.decode()
    queue = page.split('id="queue-title"')[1].split("</section>")[0]
    assert queue.index("B7") < queue.index("B2")
    assert "۲۰ روز" in queue
    unevaluated = page.split('id="unevaluated-title"')[1].split("</section>")[0]
    assert "B2" in unevaluated and "B1," not in unevaluated
    assert "?quarter=1403-Q2" in page  # the next report to issue: the quarter that just ended


def test_committee_members_see_changes_since_their_last_visit_and_reports(
    client, commitment, rural_staff, committee_member, agreement
):
    Notification.objects.create(
        recipient=committee_member,
        agreement=agreement,
        kind=Kind.REPORT_ISSUED,
        params={"number": "P1-1403Q2-FA-R1", "quarter": "1403-Q2"},
        path="/a/qazvin-ikrc-rural-1397/reports/",
        event_key="report_issued:1",
    )
    log(commitment("B5"), rural_staff)
    client.force_login(committee_member)

    first = client.get(URL).content.decode()
    assert "P1-1403Q2-FA-R1" in first
    changes = first.split('id="changes-title"')[1].split("</section>")[0]
    assert "<strong>۱</strong>" in changes

    # Half an hour later: within the session's idle timeout (PEYMAN_SESSION_IDLE_MINUTES, 60 by default).
    with time_machine.travel(NOW + dt.timedelta(minutes=30), tick=False):
        second = client.get(URL).content.decode()
    changes = second.split('id="changes-title"')[1].split("</section>")[0]
    assert "<strong>۰</strong>" in changes


def test_the_page_costs_the_same_queries_with_one_entry_or_many(
    client, commitment, rural_staff, rural_focal, monitor, django_assert_max_num_queries
):
    log(commitment("B5"), rural_staff)
    client.force_login(rural_focal)
    client.get(URL)
    for number in ["B1", "B2", "B3", "B4", "B6", "B7", "B8", "B9", "B10", "B11", "B12"] * 2:
        give_back(log(commitment(number), rural_staff), monitor)

    with django_assert_max_num_queries(16):
        assert client.get(URL).status_code == 200
