"""Quarterly reports in a real browser: a monitor issues a report; anyone signed in verifies its code."""

import pytest

from reports.models import IssuedReport
from tests.browser.helpers import PHONE, axe_violations, login
from tests.pdf.conftest import QUARTER, populate_quarter


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
    # Issuing builds the PDF in the request: slower than a page on a busy machine.
    page.set_default_timeout(120_000)
    with page.expect_navigation():
        page.click("button[formaction$='/reports/issue/']")
    report = IssuedReport.objects.get()
    assert report.report_number in page.locator(".report-table").inner_text()
    assert page.locator(".message-success").count() == 1
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
