"""No Latin digit reaches a Persian reader where people read numbers: every page of tests/a11y/pages.py,
served in Persian, is read as a person sees it (text, and the attributes a person reads: title,
placeholder, aria-label, alt, the value of a visible box) and every Latin digit is reported.

What may keep Latin digits, and why (EXCEPTIONS below):
- anything marked as another language or left-to-right (`lang="en"`, `dir="ltr"`): codes, URLs,
  e-mail addresses, file names and English text, which the pages isolate on purpose;
- a run of digits inside a word with Latin letters (a code such as «B5», «ISO 14001», a report
  number «P1-R1403-2-FA»): codes are shown as typed (agreement.formatting.display_number);
- what people typed (narratives, comments, places, titles, marked `dir="auto"`): shown as typed;
- machine values no one reads: <script>, <style>, hidden inputs, `datetime`, `href`, ids.
"""

import re
from html.parser import HTMLParser

import pytest
from django.test import Client

from tests.a11y.pages import PAGES, build_site

LATIN_DIGIT = re.compile(r"[0-9]")
# A token with a Latin letter and a digit is a code («B5», «P1-J1403-2-V1-FA», «ISO 14001» splits
# into «ISO» and «14001», so ISO codes are named in EXCEPTIONS).
CODE = re.compile(r"[A-Za-z][\w./-]*\d|\d[\w./-]*[A-Za-z]")
READ_ATTRIBUTES = {"title", "placeholder", "aria-label", "alt"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class _Reader(HTMLParser):
    """The text a reader sees, with the element path, skipping what EXCEPTIONS lists."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, bool]] = []  # (tag, skipped)
        self.found: list[str] = []

    def _skipped(self) -> bool:
        return bool(self.stack) and self.stack[-1][1]

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        skipped = (
            self._skipped()
            or tag in {"script", "style", "template", "code", "kbd", "samp"}
            or attributes.get("lang", "fa")[:2] != "fa"
            or attributes.get("dir") == "ltr"
            or attributes.get("dir") == "auto"  # people's own text: its direction is its own
        )
        if not skipped:
            for name in READ_ATTRIBUTES & set(attributes):
                self._check(attributes[name] or "", f"<{tag} {name}>")
            if tag == "input" and attributes.get("type") not in {"hidden", "checkbox", "radio", "submit"}:
                self._check(attributes.get("value") or "", f"<input name={attributes.get('name')}>")
        if tag not in VOID:
            self.stack.append((tag, skipped))

    def handle_endtag(self, tag):
        while self.stack:
            if self.stack.pop()[0] == tag:
                break

    def handle_data(self, data):
        if not self._skipped():
            self._check(data, "<" + ">".join(tag for tag, _ in self.stack[-3:]) + ">")

    def _check(self, text: str, where: str):
        for token in text.split():
            if LATIN_DIGIT.search(token) and not CODE.search(token):
                self.found.append(f"{where} «{token}» in «{' '.join(text.split())[:80]}»")


def latin_digits(html: str) -> list[str]:
    reader = _Reader()
    reader.feed(html)
    return reader.found


@pytest.fixture
def site(agreement):
    return build_site(agreement)


def test_the_reader_sees_no_latin_digit_on_any_persian_page(site):
    clients: dict = {}
    problems = []
    for page in PAGES:
        if page.persona not in clients:
            clients[page.persona] = Client()
            if page.persona:
                clients[page.persona].force_login(site.users[page.persona])
        response = clients[page.persona].get(page.path(site, "fa"))
        assert response.status_code == page.status, page.label
        problems += [f"{page.label}: {found}" for found in latin_digits(response.content.decode())]
    assert problems == [], "\n".join(problems)


def test_the_reader_check_finds_latin_digits_and_lets_codes_and_marked_text_be():
    html = (
        '<p>سال 1402 کبیسه نیست</p><p>تعهد B5 و <span dir="ltr">ISO 14001</span></p>'
        '<input name="d" value="1403/01/01"><input type="hidden" value="12"><p lang="en">Q2 2024</p>'
        '<p dir="auto">نوشتهٔ کاربر ۱۲ و 12</p><span title="۳ از 8">x</span>'
    )
    found = latin_digits(html)
    assert len(found) == 3 and "«1402»" in found[0] and "«1403/01/01»" in found[1] and "«8»" in found[2], found
