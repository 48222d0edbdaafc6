"""Where a PDF's static files come from: this app's `/static/...` URLs, resolved on disk.

Kept apart from the WeasyPrint fetcher so that templates can name static URLs without
importing WeasyPrint (a second of start-up for every process).
"""

from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders

# A base URL that matches no real host: relative URLs in the template resolve against it.
BASE_URL = "https://peyman.invalid/"


class ForbiddenResource(ValueError):
    """The document asked for something outside the app's static files."""


def static_prefix() -> str:
    return "/" + settings.STATIC_URL.strip("/") + "/"


def resolve_static(url: str) -> str:
    """The file on disk behind a `/static/...` URL of this app, or ForbiddenResource."""
    parts = urlsplit(url)
    if f"{parts.scheme}://{parts.netloc}/" != BASE_URL:
        raise ForbiddenResource(url)
    path = unquote(parts.path)
    prefix = static_prefix()
    if not path.startswith(prefix):
        raise ForbiddenResource(url)
    relative = path.removeprefix(prefix)
    if not relative or any(part in ("", ".", "..") for part in relative.split("/")):
        raise ForbiddenResource(url)
    found = finders.find(relative) or _collected(relative)
    if not found:
        raise ForbiddenResource(url)
    return found


def _collected(relative: str) -> str | None:
    """A server that only kept `collectstatic`'s output still has the files under STATIC_ROOT."""
    root = Path(settings.STATIC_ROOT).resolve()
    candidate = (root / relative).resolve()
    if root in candidate.parents and candidate.is_file():
        return str(candidate)
    return None
