"""The dashboard in a real Chromium: no serious or critical axe-core violations in either language,
usable at phone width, and its filters work with JavaScript off."""

import datetime as dt

import pytest
from django.utils import timezone

from monitoring.models import Evaluation
from obligations.services import record_progress, review_entry
from tests.browser.helpers import PHONE, axe_violations, login


@pytest.fixture
def progress(agreement, rural_staff, monitor, commitment):
    """A few entries (one accepted, one returned, one awaiting) and an evaluation, so every panel has content."""
    county = agreement.counties.first()
    entries = []
    for number, percent in (("B1", 30), ("B5", 60), ("B7", 80)):
        entry, _ = record_progress(
            commitment=commitment(number),
            author=rural_staff,
            happened_on=timezone.localdate() - dt.timedelta(days=10),
            reported_status="in_progress",
            percent_complete=percent,
            narrative="گزارش کار",
            county=county,
        )
        entries.append(entry)
    review_entry(entry=entries[0], reviewer=monitor, decision="accepted", expected_version=entries[0].version)
    review_entry(
        entry=entries[1], reviewer=monitor, decision="returned", comment="مستند", expected_version=entries[1].version
    )
    Evaluation.objects.create(
        commitment=commitment("B1"), year=1403, quarter=3, rating="partly_met", assessment="خوب", evaluated_by=monitor
    )


@pytest.mark.parametrize("language", ["fa", "en"])
@pytest.mark.parametrize("viewport", [None, PHONE], ids=["desktop", "phone"])
def test_the_dashboard_has_no_serious_accessibility_violations(
    new_page, live_server, agreement, monitor, progress, language, viewport
):
    page = new_page(viewport=viewport)
    login(page, live_server, monitor, language=language)
    prefix = "" if language == "fa" else "/en"
    page.goto(f"{live_server.url}{prefix}/a/{agreement.reference}/dashboard/")
    assert page.locator("h1").inner_text() == ("داشبورد" if language == "fa" else "Dashboard")
    assert page.locator("html").get_attribute("dir") == ("rtl" if language == "fa" else "ltr")
    assert axe_violations(page) == []
    if viewport is PHONE:
        assert page.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]


@pytest.mark.parametrize("language", ["fa", "en"])
def test_the_entries_list_has_no_serious_accessibility_violations(
    page, live_server, agreement, committee_member, progress, language
):
    login(page, live_server, committee_member, language=language)
    prefix = "" if language == "fa" else "/en"
    page.goto(f"{live_server.url}{prefix}/a/{agreement.reference}/entries/?review=returned")
    assert page.locator("tbody tr").count() == 1
    assert axe_violations(page) == []


def test_dashboard_filters_work_without_javascript_and_numbers_lead_to_their_list(
    new_page, live_server, agreement, committee_member, progress
):
    page = new_page(java_script_enabled=False)
    login(page, live_server, committee_member)
    page.goto(f"{live_server.url}/a/{agreement.reference}/dashboard/")
    page.select_option("#id_party", "rural-affairs-qazvin")
    with page.expect_navigation():
        page.click(".dash-filters button[type=submit]")
    assert "party=rural-affairs-qazvin" in page.url
    with page.expect_navigation():
        page.click(".dash-tile a[href*='review=submitted']")
    assert "/entries/" in page.url and page.locator("tbody tr").count() == 1
