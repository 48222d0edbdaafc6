"""Every page of the app (tests/a11y/pages.py, checked complete against the URLconf) in a real Chromium,
as the persona who uses it, in Persian and English, at 390 and 1280 px: no axe-core violations of
any impact, and the document no wider than the window. The Nu HTML checker reads the same pages in
tests/a11y/test_html_valid.py.

Set PEYMAN_EVERY_PAGE_SCREENSHOTS=1 to also save each page to screenshots-local/every-page/.
"""

import os

from django.conf import settings
from django.test import Client

from tests.a11y.pages import PAGES, build_site
from tests.browser.helpers import DESKTOP, LOCAL_SCREENSHOTS, axe_violations

VIEWPORTS = {"phone": {"width": 390, "height": 844}, "desktop": DESKTOP}
# All impacts: the pages pass every rule axe runs by default, minor and moderate included, so any
# new violation is a regression to look at rather than noise to filter.
IMPACTS = ("minor", "moderate", "serious", "critical")


def _signed_in_context(browser, live_server, site, persona, viewport, locale):
    context = browser.new_context(viewport=viewport, locale=locale)
    context.set_default_timeout(15_000)
    if persona:
        client = Client()
        client.force_login(site.users[persona])
        cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
        context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}])
    return context


def _check(tab, where, viewport, problems):
    """The document fits the window, is not scrolled sideways, and axe finds nothing, at this size."""
    width = tab.evaluate("() => document.documentElement.scrollWidth")
    if width > viewport["width"]:
        problems.append(f"{where}: {width} px wide in a {viewport['width']} px window")
    if tab.evaluate("() => window.scrollX") != 0:
        problems.append(f"{where}: opens scrolled sideways")
    found = axe_violations(tab, IMPACTS)
    problems += [f"{where}: axe {v['impact']} {v['id']}: {v['help']} {v['targets']}" for v in found]


def test_every_page_has_no_axe_violations_and_fits_its_window(browser, live_server, agreement):
    """One load of each page in each language, checked at both widths: loaded in the phone's window,
    then the window widened to the desktop's. The pages' layout follows the window through CSS alone
    (no script reads the window's size), so a widened window lays the page out as a load at that size
    would, and the second load each page had before cost a render and a new axe-core for nothing.
    (Compared once on all 130 loads, 2026-12-08: the same violations, incomplete results, width and
    scroll position as a load at 1280 px; on 11 Persian form pages axe's `region` rule passed one
    node more.)"""
    site = build_site(agreement)
    save = os.environ.get("PEYMAN_EVERY_PAGE_SCREENSHOTS") == "1"
    problems, loaded, checked = [], 0, 0
    tabs = {}
    for page in PAGES:
        if page.persona not in tabs:
            tabs[page.persona] = _signed_in_context(
                browser, live_server, site, page.persona, VIEWPORTS["phone"], "fa-IR"
            ).new_page()
        tab = tabs[page.persona]
        for language in ("fa", "en"):
            tab.set_viewport_size(VIEWPORTS["phone"])
            response = tab.goto(live_server.url + page.path(site, language))
            loaded += 1
            if response.status != page.status:
                problems.append(f"{page.label} [{language}]: HTTP {response.status}")
                continue
            for size, viewport in VIEWPORTS.items():
                where = f"{page.label} [{language}, {size}]"
                tab.set_viewport_size(viewport)
                if tab.evaluate("() => window.innerWidth") != viewport["width"]:
                    problems.append(f"{where}: the window did not take the size {viewport['width']} px")
                _check(tab, where, viewport, problems)
                checked += 1
                if save:
                    folder = LOCAL_SCREENSHOTS / "every-page"
                    folder.mkdir(parents=True, exist_ok=True)
                    tab.screenshot(
                        path=str(folder / f"{page.label.replace('?', '_')[:60]}-{page.persona}-{language}-{size}.png"),
                        full_page=True,
                    )
    for tab in tabs.values():
        tab.context.close()
    assert loaded == len(PAGES) * 2
    assert checked == len(PAGES) * 2 * len(VIEWPORTS)
    assert problems == [], "\n".join(problems)
