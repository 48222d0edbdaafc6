"""A focal point invites someone from the People page; the person follows the e-mailed link, sets a
password and signs in. In Persian and English, on a 390 px phone and a 1280 px desktop."""

import re

import pytest
from django.core import mail

from tests.browser.helpers import DESKTOP, axe_violations, login, open_menu

PHONE_390 = {"width": 390, "height": 844}
NEW_PASSWORD = "Qazvin-rural-1403!"


def _looks_right(screenshot, page, name: str, width: int | None = None) -> None:
    """A screenshot to look at (screenshots-local/), no axe violation and, given the viewport's
    width, no sideways scrolling."""
    screenshot(page, name, save_to_docs=True)
    assert axe_violations(page) == []
    if width is not None:
        assert page.evaluate("document.documentElement.scrollWidth") <= width, "no sideways scrolling"


@pytest.mark.parametrize("viewport", [PHONE_390, DESKTOP], ids=["390", "1280"])
@pytest.mark.parametrize("language", ["fa", "en"])
def test_invite_then_set_a_password_and_sign_in(
    new_page, live_server, agreement, rural_focal, rural_staff, settings, screenshot, language, viewport
):
    settings.PEYMAN_SITE_URL = live_server.url
    rural_focal.first_name, rural_focal.last_name = "فاطمه", "موسوی"
    rural_focal.save()
    size = viewport["width"]
    prefix = "" if language == "fa" else "/en"
    focal = login(new_page(viewport=viewport, locale=f"{language}-IR"), live_server, rural_focal, language=language)
    focal.goto(f"{live_server.url}{prefix}/a/{agreement.reference}/commitments/")
    open_menu(focal)
    with focal.expect_navigation():
        focal.locator(".header-nav").get_by_role("link", name="افراد" if language == "fa" else "People").click()
    assert focal.url.endswith("/people/")
    with focal.expect_navigation():
        focal.get_by_role("link", name="دعوت از یک نفر" if language == "fa" else "Invite someone").click()
    focal.fill("#id_first_name", "نرگس")
    focal.fill("#id_last_name", "كاظمي")  # Arabic kaf and ye, as an Arabic keyboard types them
    focal.fill("#id_email", "narges.kazemi@example.org")
    focal.select_option("#id_language", language)
    _looks_right(screenshot, focal, f"people-invite-{language}-{size}")
    with focal.expect_navigation():
        focal.locator("main form button[type=submit]").click()
    assert focal.url.endswith("/people/")
    assert "کاظمی" in focal.locator("table.people").inner_text(), "stored with Persian letters"
    assert focal.locator(".person-invited").count() == 1
    _looks_right(screenshot, focal, f"people-list-{language}-{size}", size)

    [message] = mail.outbox
    link = re.search(r"https?://\S+/accounts/set-password/\S+/", message.body).group(0)
    person = new_page(viewport=viewport, locale=f"{language}-IR")
    person.goto(link)
    assert person.url.endswith("/set-password/"), "the token left the address bar (and the Referer)"
    assert person.locator("html").get_attribute("dir") == ("rtl" if language == "fa" else "ltr")
    _looks_right(screenshot, person, f"people-set-password-{language}-{size}")
    person.fill("#id_new_password1", NEW_PASSWORD)
    person.fill("#id_new_password2", NEW_PASSWORD)
    with person.expect_navigation():
        person.locator("main form button[type=submit]").click()
    assert person.url.endswith(f"{prefix}/accounts/login/")
    screenshot(person, f"people-password-set-{language}-{size}", save_to_docs=True)
    person.fill("#id_username", "narges.kazemi@example.org")
    person.fill("#id_password", NEW_PASSWORD)
    with person.expect_navigation():
        person.click("form[action*='login'] button[type=submit]")
    assert person.url.endswith("/my-work/"), person.url


@pytest.mark.parametrize("viewport", [PHONE_390, DESKTOP], ids=["390", "1280"])
@pytest.mark.parametrize("language", ["fa", "en"])
def test_send_a_link_to_set_a_new_password(
    new_page, live_server, agreement, rural_focal, rural_staff, settings, screenshot, language, viewport
):
    """A staff member forgot their password: the focal point sends the link from the People page,
    the person chooses a new password with it and signs in."""
    from notifications.models import Preference

    settings.PEYMAN_SITE_URL = live_server.url
    rural_staff.first_name, rural_staff.last_name, rural_staff.email = "علی", "رضایی", "ali.rezaei@example.org"
    rural_staff.save()
    Preference.objects.create(user=rural_staff, language=language)
    size = viewport["width"]
    prefix = "" if language == "fa" else "/en"
    action = "ارسال پیوند تعیین گذرواژه" if language == "fa" else "Send a link to set a new password"
    focal = login(new_page(viewport=viewport, locale=f"{language}-IR"), live_server, rural_focal, language=language)
    focal.goto(f"{live_server.url}{prefix}/a/{agreement.reference}/people/")
    row = focal.locator("table.people tr", has_text="rural-staff")
    assert focal.locator("table.people tr", has_text="rural-focal").get_by_role("link", name=action).count() == 0
    with focal.expect_navigation():
        row.get_by_role("link", name=action).click()
    assert focal.url.endswith(f"/people/{rural_staff.pk}/password-link/")
    _looks_right(screenshot, focal, f"people-password-link-confirm-{language}-{size}", size)
    with focal.expect_navigation():
        focal.locator("main form button[type=submit]").click()
    assert focal.url.endswith("/people/")
    assert "ali.rezaei@example.org" in focal.locator(".messages").inner_text()
    _looks_right(screenshot, focal, f"people-password-link-sent-{language}-{size}", size)

    [message] = mail.outbox
    link = re.search(r"https?://\S+/accounts/new-password/\S+/", message.body).group(0)
    person = new_page(viewport=viewport, locale=f"{language}-IR")
    person.goto(link)
    assert person.url.endswith("/set-password/"), "the token left the address bar (and the Referer)"
    assert person.locator("h1").inner_text() == ("گزینش گذرواژهٔ تازه" if language == "fa" else "Choose a new password")
    _looks_right(screenshot, person, f"people-new-password-{language}-{size}")
    person.fill("#id_new_password1", NEW_PASSWORD)
    person.fill("#id_new_password2", NEW_PASSWORD)
    with person.expect_navigation():
        person.locator("main form button[type=submit]").click()
    assert person.url.endswith(f"{prefix}/accounts/login/")
    person.fill("#id_username", "rural-staff")
    person.fill("#id_password", NEW_PASSWORD)
    with person.expect_navigation():
        person.click("form[action*='login'] button[type=submit]")
    assert "/accounts/login/" not in person.url, "signed in with the new password"


@pytest.mark.parametrize("viewport", [PHONE_390, DESKTOP], ids=["390", "1280"])
@pytest.mark.parametrize("language", ["fa", "en"])
def test_an_administrator_sees_the_link_action_in_both_parties(
    new_page, live_server, agreement, superuser, rural_focal, monitor, screenshot, language, viewport
):
    """The administrator's People page: an actions column in each party with only the link action,
    for a monitor and a party's focal point too."""
    size = viewport["width"]
    prefix = "" if language == "fa" else "/en"
    action = "ارسال پیوند تعیین گذرواژه" if language == "fa" else "Send a link to set a new password"
    admin = login(new_page(viewport=viewport, locale=f"{language}-IR"), live_server, superuser, language=language)
    admin.goto(f"{live_server.url}{prefix}/a/{agreement.reference}/people/")
    for username in ("rural-focal", "relief-monitor"):
        row = admin.locator("table.people tr", has_text=username)
        assert row.get_by_role("link", name=action).count() == 1, username
    _looks_right(screenshot, admin, f"people-list-admin-{language}-{size}", size)
