"""The pages work under the Content-Security-Policy: nothing refused, bars drawn, picker opens."""

import datetime as dt

from obligations.services import record_progress
from tests.browser.helpers import login

REFERENCE = "qazvin-ikrc-rural-1397"


def _watch_csp(page):
    refused = []
    page.on(
        "console", lambda message: refused.append(message.text) if "Content Security Policy" in message.text else None
    )
    return refused


def test_the_workspace_runs_with_nothing_refused_by_the_policy(page, live_server, agreement, rural_staff, commitment):
    record_progress(
        commitment=commitment("B5"),
        author=rural_staff,
        happened_on=dt.date(2024, 5, 1),
        reported_status="in_progress",
        percent_complete=40,
        narrative="بازدید میدانی انجام شد.",
    )
    refused = _watch_csp(page)
    login(page, live_server, rural_staff)
    for path in ("commitments/", "commitments/B5/", "dashboard/"):
        page.goto(f"{live_server.url}/a/{REFERENCE}/{path}")
    page.goto(f"{live_server.url}/a/{REFERENCE}/commitments/B5/")
    # The progress bar is a native <progress>: drawn without any style attribute the policy refuses.
    bar = page.locator(".progress progress").first
    assert bar.evaluate("element => element.value") == 40 and bar.bounding_box()["width"] > 0

    page.goto(f"{live_server.url}/a/{REFERENCE}/commitments/B5/log/")
    page.click(".date-picker-button")
    page.locator("jdp-container").wait_for(state="visible")
    page.goto(f"{live_server.url}/en/a/{REFERENCE}/commitments/B5/log/")
    assert refused == []
