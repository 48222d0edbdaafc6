"""The monitor evaluates a quarter with "Save and next", without JavaScript, reading the quarter's
entries and their photo thumbnails beside the form; the page, the timeline and the review page are
looked at on a phone (390 px) and a desktop (1280 px), in Persian and English."""

import datetime as dt
import time

import pytest

from agreement.jalali import Quarter
from monitoring.models import Evaluation
from tests.browser.helpers import DESKTOP, axe_violations, login
from tests.factories import attach_file, attach_photo, decide, make_entry
from tests.obligations import files

PHONE_390 = {"width": 390, "height": 844}


@pytest.fixture
def quarter():
    return Quarter.current()


@pytest.fixture
def quarter_entries(quarter, commitment, rural_staff, second_monitor):
    """B5 and B6 have entries this quarter, with photos and a letter; every other commitment is evaluated."""
    today = dt.date.today()
    day = max(quarter.first_day, today - dt.timedelta(days=6))
    b5 = make_entry(
        commitment("B5"),
        rural_staff,
        happened_on=day,
        percent_complete=40,
        narrative="جلسه هماهنگی با دهیاران بخش مرکزی برگزار شد و فهرست روستاهای هدف تهیه شد.",
    )
    attach_photo(b5, "عکس جلسه دهیاران.jpg", files.photo(1600, 1200))
    attach_photo(b5, "بازدید.jpg", files.photo(900, 1200))
    attach_file(b5, "صورتجلسه امضاشده.pdf", files.PDF, "application/pdf")
    decide(b5, second_monitor)
    later = make_entry(
        commitment("B5"),
        rural_staff,
        happened_on=min(today, day + dt.timedelta(days=3)),
        percent_complete=55,
        narrative="نصب تابلو در ورودی سه روستا.",
    )
    attach_photo(later, "تابلو.jpg", files.photo(1200, 900))
    b6 = make_entry(commitment("B6"), rural_staff, happened_on=day, narrative="آموزش کارکنان دهیاری‌ها")
    for other in commitment("B5").agreement.commitments.exclude(number__in=["B5", "B6"]):
        Evaluation.objects.create(
            commitment=other,
            year=quarter.year,
            quarter=quarter.number,
            rating="partly_met",
            assessment="پیشرفت نسبی",
            evaluated_by=second_monitor,
        )
    return b5, later, b6


def _wait_until_loaded(page, seconds: float = 15) -> None:
    # Polled from here: wait_for_function would eval() in the page, which its CSP refuses.
    deadline = time.monotonic() + seconds
    script = "() => [...document.querySelectorAll('.evidence-thumb')].every(i => i.complete)"
    while not page.evaluate(script) and time.monotonic() < deadline:
        page.wait_for_timeout(100)


def _thumbnails_loaded(page) -> list[int]:
    return page.eval_on_selector_all(".evidence-thumb", "images => images.map(i => i.naturalWidth)")


def test_a_monitor_evaluates_the_quarter_with_save_and_next_without_javascript(
    new_page, live_server, agreement, monitor, quarter, quarter_entries, screenshot
):
    page = login(new_page(java_script_enabled=False), live_server, monitor)
    base = f"{live_server.url}/a/{agreement.reference}/evaluations/{quarter}"

    page.goto(f"{base}/B5/")
    side = page.locator("#quarter-entries")
    assert side.locator(".quarter-entry").count() == 2
    assert all(width > 0 for width in _thumbnails_loaded(page)) and len(_thumbnails_loaded(page)) == 3
    assert side.locator(".file-tile", has_text="PDF").count() == 1
    assert side.locator('img[alt="عکس جلسه دهیاران.jpg"]').count() == 1
    page.check("input[name=rating][value=partly_met]")
    page.fill("#id_assessment", "جلسات برگزار شد؛ نصب تابلوها ادامه دارد.")
    with page.expect_navigation():
        page.click("button[name=then][value=next]")
    assert page.url == f"{base}/B6/"
    assert page.locator(".message-success").count() == 1

    page.check("input[name=rating][value=weak]")
    page.fill("#id_assessment", "فقط یک آموزش.")
    with page.expect_navigation():
        page.click("button[name=then][value=next]")
    assert page.url.endswith(f"/evaluations/?quarter={quarter}")
    assert "کامل است" in page.locator(".message-info").inner_text()
    assert Evaluation.objects.filter(year=quarter.year, quarter=quarter.number).count() == 20
    screenshot(page, "evaluation-complete-fa", save_to_docs=True)


@pytest.mark.parametrize("language", ["fa", "en"])
@pytest.mark.parametrize("viewport", [PHONE_390, DESKTOP], ids=["390", "1280"])
def test_the_evaluation_page_timeline_and_review_page_show_thumbnails_on_phone_and_desktop(
    new_page, live_server, agreement, monitor, quarter, quarter_entries, screenshot, language, viewport
):
    prefix = "" if language == "fa" else "/en"
    page = login(new_page(viewport=viewport), live_server, monitor, language=language)
    width = viewport["width"]
    b5, later, _ = quarter_entries

    pages = {
        "evaluation": f"/a/{agreement.reference}/evaluations/{quarter}/B5/",
        "timeline": f"/a/{agreement.reference}/commitments/B5/",
        "review": f"/a/{agreement.reference}/review/{later.pk}/",
    }
    for name, path in pages.items():
        page.goto(f"{live_server.url}{prefix}{path}")
        thumbnails = page.locator(".evidence-thumb")
        for index in range(thumbnails.count()):  # they load lazily, when scrolled near
            thumbnails.nth(index).scroll_into_view_if_needed()
        _wait_until_loaded(page)
        page.evaluate("window.scrollTo(0, 0)")
        loaded = _thumbnails_loaded(page)
        assert loaded and all(w > 0 for w in loaded), f"{name}: thumbnails not shown"
        # Nothing sticks out sideways on a phone.
        assert page.evaluate("document.documentElement.scrollWidth") <= width, name
        assert axe_violations(page) == [], name
        screenshot(page, f"pace-{name}-{language}-{width}", save_to_docs=True)

    # On a desktop the entries sit beside the form; on a phone, below it.
    page.goto(f"{live_server.url}{prefix}{pages['evaluation']}")
    form = page.locator(".evaluation-main").bounding_box()
    side = page.locator("#quarter-entries").bounding_box()
    if width >= 1280:
        assert abs(form["y"] - side["y"]) < 2
    else:
        assert side["y"] > form["y"] + form["height"] - 2
