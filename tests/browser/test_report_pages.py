"""Quarterly reports in a real browser: a monitor issues a report; anyone signed in verifies its code."""

import pytest

from reports.models import IssuedReport
from tests.browser.helpers import PHONE, axe_violations, login
from tests.reports.conftest import QUARTER, make_issued, populate_quarter


@pytest.fixture
def quarter(agreement, rural_staff, relief_staff, monitor):
    return populate_quarter(agreement, staff_b=rural_staff, staff_a=relief_staff, monitor=monitor)


def test_a_monitor_issues_a_report_and_a_reader_verifies_its_code(
    new_page, live_server, agreement, quarter, monitor, rural_viewer, screenshot
):
    page = new_page()
    login(page, live_server, monitor)
    page.goto(f"{live_server.url}/a/{agreement.reference}/reports/")
    page.select_option("#id_quarter", str(QUARTER))
    page.select_option("#id_language", "fa")
    with page.expect_navigation():
        page.click("button[formaction$='/reports/issue/']")
    # The confirmation page: what will be issued and what it says about completeness.
    assert "B4" in page.locator(".completeness").inner_text()
    screenshot(page, "reports-issue-confirm-fa-desktop")
    page.check("#id_accept_unevaluated")
    # The tests' job backend renders inside the request; in production a worker does, and the
    # job page refreshes itself until it is done.
    page.set_default_timeout(120_000)
    with page.expect_navigation():
        page.click("main form button.primary")
    report = IssuedReport.objects.get()
    assert report.report_number in page.locator(".job-state").inner_text()
    screenshot(page, "reports-job-done-fa-desktop")
    page.goto(f"{live_server.url}/a/{agreement.reference}/reports/")
    assert report.report_number in page.locator(".report-table").inner_text()
    screenshot(page, "reports-list-fa-desktop", save_to_docs=True)

    reader = new_page(viewport=PHONE)
    login(reader, live_server, rural_viewer)
    reader.goto(f"{live_server.url}/reports/verify/")
    reader.fill("#id_code", report.verification_code.lower().replace("-", ""))
    with reader.expect_navigation():
        reader.click("main form button[type=submit]")
    assert report.report_number in reader.locator(".verify-result").inner_text()
    screenshot(reader, "reports-verify-fa-phone", save_to_docs=True)


@pytest.mark.parametrize("language", ["fa", "en"])
def test_report_pages_have_no_serious_accessibility_violations(
    new_page, live_server, agreement, monitor, language, screenshot
):
    prefix = "" if language == "fa" else "/en"
    page = new_page(viewport=PHONE)
    login(page, live_server, monitor, language=language)
    page.goto(f"{live_server.url}{prefix}/a/{agreement.reference}/reports/")
    assert axe_violations(page) == []
    screenshot(page, f"reports-list-{language}-phone")
    page.goto(f"{live_server.url}{prefix}/reports/verify/")
    assert axe_violations(page) == []
    screenshot(page, f"reports-verify-{language}-phone")


@pytest.mark.parametrize("language", ["fa", "en"])
def test_the_reports_page_with_issued_reports_fits_a_phone(
    new_page, live_server, agreement, monitor, language, screenshot
):
    first = make_issued(agreement, monitor, language=language)
    make_issued(agreement, monitor, language=language, revision=2, replaces=first)
    prefix = "" if language == "fa" else "/en"
    page = new_page(viewport={"width": 390, "height": 844})
    login(page, live_server, monitor, language=language)
    page.goto(f"{live_server.url}{prefix}/a/{agreement.reference}/reports/")
    assert page.locator(".report-table tbody tr").count() == 2
    # The page opens at its start, no wider than the phone (it was 668 px wide in Persian).
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 390
    assert page.evaluate("() => window.scrollX") == 0
    screenshot(page, f"reports-issued-{language}-390", save_to_docs=True)
