"""The verification page in a real Chromium: a sealed report's upload lists its seal, in Persian
and English, on a phone and a desktop."""

import os
import shutil

import pytest

from agreement.pdf import html_to_pdf
from agreement.pdf.seal import key_for, seal_pdf
from tests.browser.helpers import DESKTOP, login
from tests.reports.conftest import make_issued
from tests.seal_pki import MONITOR

PHONE_390 = {"width": 390, "height": 844}


@pytest.mark.parametrize("language", ["fa", "en"])
@pytest.mark.parametrize("viewport", [PHONE_390, DESKTOP], ids=["390", "1280"])
def test_a_sealed_upload_lists_its_seal(
    sealing, new_page, live_server, agreement, monitor, language, viewport, screenshot
):
    pdf = seal_pdf(
        html_to_pdf("<html lang='fa'><body><h1>گزارش</h1></body></html>"),
        key_for(MONITOR),
        field_name="S",
        certify=True,
    )
    make_issued(agreement, monitor, content=pdf)
    page = new_page(viewport=viewport, locale="fa-IR" if language == "fa" else "en-GB")
    login(page, live_server, monitor, language=language)
    prefix = "" if language == "fa" else "/en"
    page.goto(f"{live_server.url}{prefix}/reports/verify/")
    page.set_input_files("#id_file", files=[{"name": "report.pdf", "mimeType": "application/pdf", "buffer": pdf}])
    with page.expect_navigation():
        page.click("form[enctype='multipart/form-data'] button[type=submit]")
    table = page.locator("table.verify-seals")
    assert table.count() == 1
    text = table.inner_text()
    assert "Relief Committee Qazvin seal" in text
    assert ("معتبر" if language == "fa" else "Valid") in text
    # Nothing spills sideways on a phone: the table scrolls inside its own frame.
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    path = screenshot(page, f"verify-seals-{language}-{viewport['width']}")
    if os.environ.get("PEYMAN_SEAL_SHOTS"):
        shutil.copy(path, os.environ["PEYMAN_SEAL_SHOTS"])
