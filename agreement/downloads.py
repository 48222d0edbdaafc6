"""How a file's name reaches a browser: one Content-Disposition for every download.

A Persian name («گزارش‌ها.pdf», with its ZWNJ) goes in RFC 6266's `filename*` as percent-encoded
UTF-8 (RFC 5987), so no browser guesses at an encoding; beside it an ASCII `filename` for the few
clients that read only that one: the name's ASCII letters and digits (Persian digits as Latin), or
"download" with the extension when nothing readable is left.
"""

import os
import re
import unicodedata
from urllib.parse import quote

from agreement.persian import to_latin_digits

# What may stand inside the quoted ASCII fallback: no quote, backslash, control or separator noise.
_UNSAFE_ASCII = re.compile(r"[^A-Za-z0-9._()\- ]+")


def ascii_file_name(name: str) -> str:
    """A readable ASCII stand-in for a file name: «گزارش ۱۴۰۳.pdf» → "1403.pdf"-like, never empty."""
    stem, ext = os.path.splitext(name)
    plain = unicodedata.normalize("NFKD", to_latin_digits(stem)).encode("ascii", "ignore").decode()
    plain = " ".join(_UNSAFE_ASCII.sub(" ", plain).split()).strip(" .-")
    ext = _UNSAFE_ASCII.sub("", ext)
    return f"{plain or 'download'}{ext if ext != '.' else ''}"


def content_disposition(name: str, *, attachment: bool = True) -> str:
    """`attachment; filename="..."` for an ASCII name; with `filename*=utf-8''...` beside it otherwise."""
    kind = "attachment" if attachment else "inline"
    fallback = ascii_file_name(name)
    if fallback == name:
        return f'{kind}; filename="{name}"'
    return f"{kind}; filename=\"{fallback}\"; filename*=utf-8''{quote(name, safe='')}"
