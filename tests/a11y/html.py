"""Read a served page's help texts and the ids its controls point at, without a browser."""

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
