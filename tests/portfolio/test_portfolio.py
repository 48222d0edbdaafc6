"""The portfolio page: every agreement a person may see, with the dashboard's own figures, in constant queries."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from agreement.models import Overseer
from committee.services import create_meeting
from dashboard.figures import build_dashboard
from dashboard.filters import DashboardFilters
from portfolio.listing import Filters, portfolio_rows
from tests.factories import decide, make_entry
from tests.portfolio.conftest import make_agreements
from tests.reports.conftest import make_issued

pytestmark = pytest.mark.django_db


def _references(response) -> list[str]:
    return [row.agreement.reference for row in response.context["rows"]]


def test_its_figures_are_each_dashboards(agreement, commitment, rural_staff, monitor):
    decide(make_entry(commitment("B5"), rural_staff, percent_complete=60), monitor)
    make_entry(commitment("B7"), rural_staff, percent_complete=30)
    (row,) = [r for r in portfolio_rows(monitor, Filters()) if r.agreement == agreement]
    overall = build_dashboard(agreement, DashboardFilters()).overall
    assert (row.figures.progress, row.figures.verified, row.figures.overdue) == (
        overall.progress,
        overall.verified,
        overall.overdue,
    )
    assert row.figures.progress > row.figures.verified > 0


def test_it_shows_the_last_issued_report_and_the_next_meeting(client, agreement, monitor, committee_member):
    report = make_issued(agreement, monitor)
    meeting = create_meeting(
        agreement=agreement, starts_at=timezone.now() + dt.timedelta(days=10), place="قزوین", by=committee_member
    )
    client.force_login(committee_member)
    response = client.get("/en/portfolio/")
    (row,) = response.context["rows"]
    assert (row.last_report_at, row.next_meeting_pk) == (report.issued_at, meeting.pk)
    html = response.content.decode()
    assert f'href="/en/a/{agreement.reference}/committee/{meeting.pk}/"' in html
    assert row.last_report_period.label in html


def test_the_queries_do_not_grow_with_the_agreements(client, agreement, superuser, rural, relief):
    make_agreements(5, (rural, relief))
    client.force_login(superuser)
    client.get("/en/portfolio/")  # the session's first read of the user is not the page's
    with CaptureQueriesContext(connection) as few:
        assert len(client.get("/en/portfolio/").context["rows"]) == 6
    make_agreements(45, (rural, relief), start=5)
    with CaptureQueriesContext(connection) as many:
        response = client.get("/en/portfolio/?sort=-progress")
    assert len(response.context["rows"]) == 51
    assert len(many.captured_queries) == len(few.captured_queries) <= 8, [q["sql"][:80] for q in many.captured_queries]


def test_it_sorts_and_filters(client, agreement, superuser, rural, relief, outside_party):
    made = make_agreements(4, (rural, relief))
    made[2].signatories.filter(label="A").update(party=outside_party)
    client.force_login(superuser)
    by_progress = _references(client.get("/en/portfolio/?sort=-progress"))
    assert by_progress[:3] == ["portfolio-3", "portfolio-2", "portfolio-1"]
    by_end = _references(client.get("/en/portfolio/?sort=ends_on"))
    assert by_end[:4] == ["portfolio-0", "portfolio-1", "portfolio-2", "portfolio-3"]
    assert by_end[-1] == agreement.reference  # an agreement with no end date comes last either way
    assert _references(client.get("/en/portfolio/?sort=-ends_on"))[-1] == agreement.reference
    assert _references(client.get("/en/portfolio/?party=other-agency")) == ["portfolio-2"]
    assert _references(client.get("/en/portfolio/?q=Memorandum 3")) == ["portfolio-3"]
    assert _references(client.get("/en/portfolio/?q=تفاهم‌نامه ۳")) == ["portfolio-3"]  # Persian digits, ZWNJ
    assert set(_references(client.get("/en/portfolio/?overdue=1"))) == {a.reference for a in made}  # J1 is late
    assert _references(client.get("/en/portfolio/?status=expired")) == []


def test_each_person_sees_only_what_they_may(
    client, agreement, rural, relief, outside_party, rural_staff, overseer, outsider
):
    mine = make_agreements(2, (rural, relief))
    other = make_agreements(1, (outside_party, relief), start=10)
    Overseer.objects.create(agreement=other[0], user=overseer)
    client.force_login(rural_staff)
    assert set(_references(client.get("/portfolio/"))) == {agreement.reference, *(a.reference for a in mine)}
    client.force_login(overseer)
    assert set(_references(client.get("/portfolio/"))) == {agreement.reference, "portfolio-10"}
    client.force_login(outsider)
    assert _references(client.get("/portfolio/")) == ["portfolio-10"]  # its party signed that one only
    client.logout()
    assert client.get("/portfolio/").status_code == 302


def test_a_draft_is_in_no_portfolio(client, agreement, superuser, rural_staff, rural, relief):
    (draft,) = make_agreements(1, (rural, relief))
    draft.status = "draft"
    draft.save()
    for user in (superuser, rural_staff):
        client.force_login(user)
        assert draft.reference not in _references(client.get("/portfolio/"))
