"""Every page, as served in Persian and English, is valid HTML for the Nu HTML checker (vnu.jar,
the npm package `vnu-jar`, run once over all pages: a JVM start costs about a second); on the same
render, every help text is tied to its field and no Latin digit reaches a Persian reader
(tests/a11y/html.py reads the pages)."""

import json
import logging
import shutil
import subprocess
from pathlib import Path

import pytest
from django.test import Client

from tests.a11y.html import dangling_descriptions, latin_digits, unreferenced_help_texts
from tests.a11y.pages import PAGES, build_site

# The render below needs a test database: pytest-django makes one only for a run with a test marked
# as using it (without the mark this file run alone found none).
pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
JAVA = shutil.which("java")


def served_pages(site):
    """(label, language, HTML) of every page, fetched as its persona."""
    clients = {}
    for page in PAGES:
        if page.persona not in clients:
            clients[page.persona] = Client()
            if page.persona:
                clients[page.persona].force_login(site.users[page.persona])
        for language in ("fa", "en"):
            response = clients[page.persona].get(page.path(site, language))
            assert response.status_code == page.status, (page.label, language, response.status_code)
            assert response["Content-Type"].startswith("text/html"), page.label
            yield page.label, language, response.content.decode()


@pytest.fixture(scope="module")
def served(django_db_setup, django_db_blocker, tmp_path_factory):
    """Every page rendered once for both checks of this module: the demo built and every page fetched
    in one transaction, rolled back at the end (its files in a folder of the module's own)."""
    from django.core.cache import cache
    from django.db import transaction
    from django.test import override_settings

    from agreement.models import Agreement
    from tests.conftest import REFERENCE, _BaseData

    errors = _Errors()
    logging.getLogger().addHandler(errors)
    try:
        with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("media")):
            _BaseData.load_if_missing()
            cache.clear()
            with transaction.atomic():
                pages = list(served_pages(build_site(Agreement.objects.get(reference=REFERENCE))))
                transaction.set_rollback(True)
    finally:
        logging.getLogger().removeHandler(errors)
    assert not errors.messages, f"ERROR logged: {errors.messages}"  # as tests/conftest.py checks in a test
    return pages


class _Errors(logging.Handler):
    def __init__(self):
        super().__init__(logging.ERROR)
        self.messages: list[str] = []

    def emit(self, record):
        self.messages.append(record.getMessage())


@pytest.mark.skipif(
    JAVA is None, reason="java is missing: the Nu HTML checker needs Java 17 (apt-get install default-jre-headless)"
)
@pytest.mark.skipif(not VNU.exists(), reason=f"{VNU} is missing: run `npm ci` (vnu-jar is a devDependency)")
def test_every_page_passes_the_nu_html_checker(served, tmp_path):
    files = {}
    for index, (label, language, html) in enumerate(served):
        path = tmp_path / f"{index:03d}-{label.replace('/', '_').replace('?', '_')[:40]}-{language}.html"
        path.write_text(html, encoding="utf-8")
        files[path.name] = f"{label} [{language}]"
    result = subprocess.run(
        [JAVA, "-jar", str(VNU), "--format", "json", "--errors-only", *sorted(str(p) for p in tmp_path.glob("*.html"))],
        capture_output=True,
        text=True,
        timeout=300,
    )
    messages = json.loads(result.stderr or result.stdout)["messages"]
    errors = [
        f"{files.get(Path(message.get('url', '')).name)}:{message.get('lastLine')}: {message['message']}"
        f" «{(message.get('extract') or '').strip()[:120]}»"
        for message in messages
        if message.get("type") == "error"
    ]
    assert len(files) == 2 * len(PAGES)
    assert errors == [], "\n".join(errors)


def test_every_help_text_on_every_page_is_tied_to_its_field(served):
    problems = []
    for label, language, html in served:
        if language == "en":
            continue  # the same markup as in Persian
        problems += [f"{label}: help not tied: {text}" for text in unreferenced_help_texts(html)]
        problems += [f"{label}: {text} (no such id)" for text in dangling_descriptions(html)]
    assert problems == [], "\n".join(problems)


def test_the_reader_sees_no_latin_digit_on_any_persian_page(served):
    problems = []
    persian = [(label, html) for label, language, html in served if language == "fa"]
    for label, html in persian:
        problems += [f"{label}: {found}" for found in latin_digits(html)]
    assert len(persian) == len(PAGES)
    assert problems == [], "\n".join(problems)
