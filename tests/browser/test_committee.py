"""The joint committee in a real Chromium: a committee member holds a meeting and records a
decision; a staff member of the responsible party logs progress on it. Axe on the new pages."""

import pytest
from django.contrib.auth import get_user_model

from committee.models import Decision, Meeting
from devdata.committee import create_demo_committee
from devdata.people import DEMO_PASSWORD, create_demo_people
from tests.browser.helpers import DESKTOP, PHONE, axe_violations, login

REFERENCE = "qazvin-ikrc-rural-1397"


def test_a_committee_member_holds_a_meeting_and_staff_follow_its_decision_up(
    new_page,
    live_server,
    agreement,
    relief_member,
    rural_staff,
    screenshot,
):
    page = new_page()
    login(page, live_server, relief_member)
    page.goto(f"{live_server.url}/a/{REFERENCE}/committee/")
    with page.expect_navigation():
        page.get_by_role("link", name="برنامه‌ریزی جلسه").click()
    # Typed only once the page's scripts (the date picker) have run, as a person would: on a busy
    # machine a date typed before them was once lost and no meeting was made.
    page.wait_for_load_state("load")
    page.fill("#id_date", "۱۴۰۳/۰۷/۰۱")
    page.keyboard.press("Escape")
    page.fill("#id_time", "۱۰:۳۰")
    page.fill("#id_place", "سالن جلسات کمیته امداد")
    with page.expect_navigation():
        page.click("form.entry-form button[type=submit]")
    meeting = Meeting.objects.get()
    assert page.url.endswith(f"/committee/{meeting.pk}/")
    assert "جلسه ۱/۱۴۰۳ کمیته مشترک" in page.locator("h1").inner_text()

    with page.expect_navigation():
        page.get_by_role("button", name="ثبت برگزاری جلسه").click()
    page.get_by_role("link", name="ثبت مصوبه").click()
    page.fill("#id_text_fa", "نصب تابلوهای ترویج زکات در ورودی روستاهای تاکستان")
    page.select_option("#id_owner", label="دفتر امور روستایی و شوراهای استانداری قزوین")
    page.fill("#id_due_on", "۱۴۰۳/۰۸/۳۰")
    page.keyboard.press("Escape")
    with page.expect_navigation():
        page.click("form.entry-form button[type=submit]")
    row = page.locator("table.decisions tbody tr").first
    assert "نصب تابلوهای ترویج زکات" in row.inner_text() and "۱۴۰۳/۰۸/۳۰" in row.inner_text()
    screenshot(page, "committee-meeting-fa")

    staff_page = new_page()
    login(staff_page, live_server, rural_staff)
    staff_page.goto(f"{live_server.url}/a/{REFERENCE}/committee/{meeting.pk}/")
    staff_page.get_by_role("link", name="نصب تابلوهای ترویج زکات در ورودی روستاهای تاکستان").click()
    assert "مصوبه ۱۴۰۳-۱-۱ کمیته مشترک" in staff_page.locator("h1").inner_text()
    staff_page.get_by_role("link", name="ثبت پیشرفت").click()
    staff_page.fill("#id_happened_on", "۱۴۰۳/۰۷/۱۰")
    staff_page.keyboard.press("Escape")
    staff_page.select_option("#id_reported_status", "in_progress")
    staff_page.fill("#id_percent_complete", "۴۰")
    staff_page.fill("#id_narrative", "هشت تابلو در ورودی روستاها نصب شد.")
    with staff_page.expect_navigation():
        staff_page.click("form.entry-form button[type=submit]")
    assert staff_page.locator(".message-success").count() == 1
    assert "هشت تابلو" in staff_page.locator(".timeline .entry").first.inner_text()
    assert Decision.objects.get().status == "in_progress"

    page.reload()
    assert "در حال انجام" in page.locator("table.decisions tbody tr").first.inner_text()


@pytest.mark.parametrize("language", ["fa", "en"])
@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_the_committee_and_calendar_pages_pass_axe(new_page, live_server, agreement, language, viewport):
    create_demo_people()
    create_demo_committee()
    meeting = Meeting.objects.filter(state="held").get()
    page = new_page(viewport=viewport)
    member = get_user_model().objects.get(username="committee-relief")
    login(page, live_server, member, password=DEMO_PASSWORD, language=language)
    prefix = "" if language == "fa" else "/en"
    for path in (
        f"/a/{REFERENCE}/committee/",
        f"/a/{REFERENCE}/committee/{meeting.pk}/",
        f"/a/{REFERENCE}/committee/decisions/",
        f"/a/{REFERENCE}/calendar/",
        f"/a/{REFERENCE}/calendar/list/",
        f"/a/{REFERENCE}/committee/new/",
    ):
        page.goto(f"{live_server.url}{prefix}{path}")
        assert axe_violations(page) == [], path
