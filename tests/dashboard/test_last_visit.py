"""'Since your last visit' counts from the committee member's previous visit, kept per person and
agreement in the database, so a new sign-in starts where the last one left off (issue 18 point 7)."""

import datetime as dt

import time_machine

from agreement.models import CommitteeMember, Membership
from dashboard.models import LastVisit
from tests.factories import make_entry as log

URL = "/a/qazvin-ikrc-rural-1397/my-work/"
PASSWORD = "pw-for-tests-1397"
NOW = dt.datetime(2024, 10, 16, 6, 0, tzinfo=dt.UTC)  # 1403-07-25, 09:30 in Tehran


def _changes(client) -> str:
    page = client.get(URL).content.decode()
    return page.split('id="changes-title"')[1].split("</section>")[0]


def _sign_in(client, username):
    response = client.post("/accounts/login/", {"username": username, "password": PASSWORD})
    assert response.status_code == 302, "signed in"


def test_a_new_sign_in_counts_from_the_last_visit_not_a_month_back(client, commitment, rural_staff, committee_member):
    with time_machine.travel(NOW - dt.timedelta(days=10), tick=False):
        log(commitment("B5"), rural_staff)
    with time_machine.travel(NOW, tick=False):
        _sign_in(client, "committee")
        first = _changes(client)
        client.post("/accounts/logout/")
    assert "<strong>۱</strong>" in first  # the first visit shows the last month: one entry

    with time_machine.travel(NOW + dt.timedelta(hours=12), tick=False):
        log(commitment("B6"), rural_staff)
    with time_machine.travel(NOW + dt.timedelta(days=1), tick=False):
        _sign_in(client, "committee")  # a new session
        second = _changes(client)
    # Only the entry logged since the visit of the day before (the session approach showed both).
    assert "<strong>۱</strong>" in second and "<strong>۲</strong>" not in second
    assert "۱۴۰۳/۰۷/۲۵" in second  # since the previous visit's day
    visit = LastVisit.objects.get(user=committee_member)
    assert visit.seen_at == NOW + dt.timedelta(days=1)


def test_each_person_has_their_own_last_visit(
    client, commitment, rural_staff, committee_member, agreement, outside_party, django_user_model
):
    other = django_user_model.objects.create_user(username="committee-2", password=PASSWORD)
    Membership.objects.create(user=other, party=outside_party, role=Membership.Role.VIEWER)
    CommitteeMember.objects.create(agreement=agreement, user=other)
    with time_machine.travel(NOW - dt.timedelta(days=10), tick=False):
        log(commitment("B5"), rural_staff)
    with time_machine.travel(NOW, tick=False):
        client.force_login(committee_member)
        _changes(client)
    with time_machine.travel(NOW + dt.timedelta(hours=1), tick=False):
        client.force_login(other)
        # The first member's visit does not move the second one's: a first visit, a month back.
        assert "<strong>۱</strong>" in _changes(client)
    assert LastVisit.objects.filter(agreement=agreement).count() == 2


def test_people_who_only_read_the_page_leave_no_visit(client, rural_staff, agreement):
    client.force_login(rural_staff)
    client.get(URL)
    assert not LastVisit.objects.exists()
