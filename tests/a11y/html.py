"""Read a served page without a browser: its help texts and the ids its controls point at, and the
Latin digits a Persian reader would see.

What may keep Latin digits, and why (the `_Reader` below skips it):
- anything marked as another language or left-to-right (`lang="en"`, `dir="ltr"`): codes, URLs,
  e-mail addresses, file names and English text, which the pages isolate on purpose;
- a run of digits inside a word with Latin letters (a code such as «B5», «ISO 14001», a report
  number «P1-R1403-2-FA»): codes are shown as typed (agreement.formatting.display_number);
- what people typed (narratives, comments, places, titles, marked `dir="auto"`): shown as typed;
- machine values no one reads: <script>, <style>, hidden inputs, `datetime`, `href`, ids.
"""

import re
from html.parser import HTMLParser

CONTROLS = {"input", "select", "textarea", "button", "fieldset"}


class _Collector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids: set[str] = set()
        self.described: dict[str, str] = {}  # a control's id (or name) -> its aria-describedby
        self.helps: list[tuple[str, str]] = []  # (id or "", the start of its text)
        self._open_help: list | None = None
        self._forms = 0  # how many <form>s are open: only a form's help texts describe fields

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self._forms += tag == "form"
        if attrs.get("id"):
            self.ids.add(attrs["id"])
        if tag in CONTROLS and attrs.get("type") != "hidden":
            self.described[attrs.get("id") or attrs.get("name") or tag] = attrs.get("aria-describedby") or ""
        classes = (attrs.get("class") or "").split()
        if self._forms and ("help" in classes or (attrs.get("id") or "").endswith("_helptext")):
            self._open_help = [attrs.get("id") or "", ""]
            self.helps.append(self._open_help)

    def handle_data(self, data):
        if self._open_help is not None and not self._open_help[1].strip():
            self._open_help[1] += data.strip()[:60]

    def handle_endtag(self, tag):
        self._forms -= tag == "form"
        if tag in ("p", "div"):
            self._open_help = None


def unreferenced_help_texts(html: str) -> list[str]:
    """Help texts of form fields that no control's aria-describedby points at."""
    page = _Collector()
    page.feed(html)
    referenced = {ref for refs in page.described.values() for ref in refs.split()}
    return [f"{help_id or '(no id)'}: {text}" for help_id, text in page.helps if help_id not in referenced]


def dangling_descriptions(html: str) -> list[str]:
    """aria-describedby references to ids that are not in the page."""
    page = _Collector()
    page.feed(html)
    return [
        f"{control} -> {ref}" for control, refs in page.described.items() for ref in refs.split() if ref not in page.ids
    ]


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
