"""The header: one row on a 390 px phone, its links in a menu that opens without JavaScript; one
row of links on a wide screen; every link and button in it at least 24 x 24 px (WCAG 2.2 target size)."""

import jdatetime
import pytest
from django.contrib.auth import get_user_model

from committee.models import Meeting
from devdata.committee import create_demo_committee
from devdata.people import DEMO_PASSWORD, create_demo_people
from tests.browser.helpers import DESKTOP, ROOT, axe_violations, login, open_menu

PHONE_390 = {"width": 390, "height": 844}
R = "qazvin-ikrc-rural-1397"


def _header_height(page) -> float:
    # Boxes come from the browser's layout, not from page scripts: this works with JavaScript off.
    return page.locator(".site-header").bounding_box()["height"]


def _small_targets(page, selector: str = ".site-header a, .site-header button, .site-header summary") -> list[str]:
    """Visible links and buttons smaller than 24 x 24 px."""
    small = []
    for target in page.locator(selector).all():
        if target.is_visible():
            box = target.bounding_box()
            if box["width"] < 24 or box["height"] < 24:
                small.append(f"{target.inner_text().strip()}: {round(box['width'])}x{round(box['height'])}")
    return small


@pytest.mark.parametrize("language", ["fa", "en"])
def test_on_a_phone_the_header_is_one_row_and_its_menu_opens_without_javascript(
    new_page, live_server, rural_focal, agreement, language
):
    page = new_page(viewport=PHONE_390, java_script_enabled=False, locale=f"{language}-IR")
    login(page, live_server, rural_focal, language=language)
    prefix = "" if language == "fa" else "/en"
    page.goto(f"{live_server.url}{prefix}/a/{R}/dashboard/")
    assert _header_height(page) < 72  # one row: brand and menu button (four rows before: 136 px)
    commitments = page.locator(".header-nav").get_by_role("link", name="تعهدات" if language == "fa" else "Commitments")
    assert not commitments.is_visible()
    open_menu(page)
    assert commitments.is_visible()
    assert _small_targets(page) == []
    with page.expect_navigation():
        commitments.click()
    assert page.url.endswith(f"/a/{R}/commitments/")


@pytest.mark.parametrize("language", ["fa", "en"])
def test_on_a_wide_screen_the_links_stand_in_one_row_with_no_menu_button(
    new_page, live_server, rural_focal, agreement, language
):
    page = new_page(viewport=DESKTOP, locale=f"{language}-IR")
    login(page, live_server, rural_focal, language=language)
    prefix = "" if language == "fa" else "/en"
    page.goto(f"{live_server.url}{prefix}/a/{R}/dashboard/")
    assert not page.locator(".site-menu > summary").is_visible()
    assert axe_violations(page) == []
    assert (
        page.locator(".header-nav")
        .get_by_role("link", name="تعهدات" if language == "fa" else "Commitments")
        .is_visible()
    )
    assert _header_height(page) < 72
    assert _small_targets(page) == []


@pytest.mark.parametrize("viewport", [PHONE_390, DESKTOP], ids=["390", "1280"])
def test_every_calendar_event_is_a_target_of_at_least_24_px(new_page, live_server, agreement, viewport):
    create_demo_people()
    create_demo_committee()
    meeting = Meeting.objects.order_by("starts_at").first()
    month = jdatetime.date.fromgregorian(date=meeting.starts_at.date())
    page = new_page(viewport=viewport)
    member = get_user_model().objects.get(username="committee-relief")
    login(page, live_server, member, password=DEMO_PASSWORD)
    page.goto(f"{live_server.url}/a/{R}/calendar/?month={month.year}-{month.month:02d}")
    assert page.locator(".event-list a").count() >= 1
    assert _small_targets(page, ".month-grid a, .event-list a") == []
    # axe's own WCAG 2.2 check, which found the phone's 6 px bars
    page.evaluate((ROOT / "node_modules/axe-core/axe.min.js").read_text(encoding="utf-8"))
    result = page.evaluate("async () => await axe.run(document, {runOnly: ['target-size']})")
    assert [v["id"] for v in result["violations"]] == []
