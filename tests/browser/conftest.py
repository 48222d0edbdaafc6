"""Browser tests: Playwright's sync API driving Debian's Chromium against pytest-django's live_server.

Shared by every area's browser tests. What is here:
- `browser` (one Chromium per session) and `page` (a fresh context per test, desktop size, Persian);
  `new_page(...)` opens more pages, e.g. a phone-sized one or one with JavaScript off.
- In `tests/browser/helpers.py`: `login(page, live_server, user)` signs in through the real
  login form; `axe_violations(page)` runs axe-core (from node_modules) in the page and returns the
  serious and critical violations.
- `screenshot(page, name)` saves a PNG under the test's tmp dir and returns its path. A test run
  leaves the checkout as it found it: the README's shots (`save_to_docs=True`) go to the tmp dir
  too, unless PEYMAN_KEEP_SCREENSHOTS=1 asks for them in `screenshots-local/` (git-ignored) to look
  at; `make screenshots` sets PEYMAN_REFRESH_SCREENSHOTS=1 to refresh `docs/screenshots/` instead.

Every test in this folder is marked `browser` and is skipped, with the reason, when
/usr/bin/chromium is missing. Never run `playwright install`: we use the system's Chromium.
"""

import os
from pathlib import Path

import pytest

from tests.browser.helpers import DESKTOP, LOCAL_SCREENSHOTS, SCREENSHOTS

# Playwright's sync API keeps an event loop running in the main thread; Django's ORM would
# otherwise refuse to run there, in the test's own code (fixtures, assertions).
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
HERE = Path(__file__).resolve().parent


def pytest_collection_modifyitems(config, items):
    skip = pytest.mark.skip(reason=f"{CHROMIUM} is missing: browser tests skipped (apt-get install chromium)")
    for item in items:
        if HERE in Path(str(item.fspath)).resolve().parents:
            item.add_marker(pytest.mark.browser)
            if not CHROMIUM.exists():
                item.add_marker(skip)


@pytest.fixture(autouse=True)
def _live_data(transactional_db):
    """The live server runs in another thread: data must be committed for it to see it."""


@pytest.fixture(scope="session")
def playwright_driver():
    """One Playwright per test process: its sync API runs an asyncio loop, and a second one started
    while the first is running fails ("Playwright Sync API inside the asyncio loop")."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="session")
def browser(playwright_driver):
    chromium = playwright_driver.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
    yield chromium
    chromium.close()


@pytest.fixture
def new_page(browser):
    """Open a page in its own context: `new_page(viewport=PHONE, java_script_enabled=False)`."""
    contexts = []

    def open_page(*, viewport=None, java_script_enabled=True, locale="fa-IR"):
        context = browser.new_context(
            viewport=viewport or DESKTOP, java_script_enabled=java_script_enabled, locale=locale
        )
        context.set_default_timeout(15_000)
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page):
    return new_page()


@pytest.fixture
def screenshot(tmp_path):
    def take(page, name: str, *, save_to_docs: bool = False, full_page: bool = True) -> Path:
        refresh_docs = os.environ.get("PEYMAN_REFRESH_SCREENSHOTS") == "1"
        keep = os.environ.get("PEYMAN_KEEP_SCREENSHOTS") == "1"
        folder = tmp_path
        if save_to_docs and (refresh_docs or keep):
            folder = SCREENSHOTS if refresh_docs else LOCAL_SCREENSHOTS
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{name}.png"
        page.screenshot(path=str(path), full_page=full_page)
        return path

    return take
