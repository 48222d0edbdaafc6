"""Helpers for browser tests (the fixtures are in conftest.py next to this file)."""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
AXE_SOURCE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = ROOT / "docs" / "screenshots"  # the README's images: only `make screenshots` writes here
LOCAL_SCREENSHOTS = ROOT / "screenshots-local"  # git-ignored: what a test run saves for a person to look at
PASSWORD = "pw-for-tests-1397"  # the password tests/conftest.py gives every persona
PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 900}


def login(page, live_server, user, *, password: str = PASSWORD, language: str = "fa"):
    """Sign in through the login form; the page ends on wherever the site sends the user."""
    prefix = "" if language == "fa" else f"/{language}"
    page.goto(f"{live_server.url}{prefix}/accounts/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", password)
    with page.expect_navigation():
        page.click("form[action*='login'] button[type=submit]")
    assert "/accounts/login/" not in page.url, f"login failed for {user.username}"
    return page


def open_menu(page):
    """Open the header's menu where it is folded (a phone, a narrow window); nothing on a wide screen."""
    summary = page.locator(".site-menu > summary")
    if summary.is_visible() and page.locator(".site-menu[open]").count() == 0:
        summary.click()
    return page


def axe_violations(page, impacts=("serious", "critical")) -> list[dict]:
    """Run axe-core in the page; the violations of the given impacts, each with its nodes."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        # Evaluated through the DevTools protocol, not as a <script> tag: the page's
        # Content-Security-Policy refuses inline scripts.
        page.evaluate(AXE_SOURCE.read_text(encoding="utf-8"))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [
        {
            "id": violation["id"],
            "impact": violation["impact"],
            "help": violation["help"],
            "targets": [node["target"] for node in violation["nodes"]][:5],
        }
        for violation in result["violations"]
        if violation["impact"] in impacts
    ]
