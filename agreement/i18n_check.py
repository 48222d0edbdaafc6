"""Find user-facing strings that have no Persian translation in any of the catalogues."""

import os
import re
import shutil
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.test.utils import override_settings
from django.utils import translation

SOURCE_DIRS = [
    "agreement",
    "obligations",
    "amendments",
    "deadlines",
    "terms",
    "committee",
    "monitoring",
    "dashboard",
    "reports",
    "notifications",
    "people",
    "drafting",
    "portfolio",
    "fieldlog",
    "jobs",
    "templates",
    "config",
]


def _msgids(po_text: str) -> list[str]:
    """The msgids of a .po file (multi-line strings joined, the header skipped)."""
    ids, current, reading = [], None, False
    for line in po_text.splitlines():
        if line.startswith("msgid "):
            current, reading = [line[6:]], True
        elif reading and current is not None and line.startswith('"'):
            current.append(line)
        else:
            if reading and current is not None:
                text = "".join(re.sub(r'^"|"$', "", part) for part in current)
                ids.append(text.encode("latin-1", "backslashreplace").decode("unicode_escape"))
            reading = False
    return [text for text in ids if text]


def extract_msgids() -> list[str]:
    """Run makemessages over the project's own sources in a scratch directory."""
    base = Path(settings.BASE_DIR)
    with tempfile.TemporaryDirectory() as scratch:
        scratch_path = Path(scratch)
        for name in SOURCE_DIRS:
            if (base / name).exists():
                os.symlink(base / name, scratch_path / name)
        (scratch_path / "locale").mkdir()
        cwd = os.getcwd()
        try:
            os.chdir(scratch_path)
            with override_settings(LOCALE_PATHS=[]):
                call_command(
                    "makemessages",
                    locale=["fa"],
                    symlinks=True,
                    verbosity=0,
                    ignore_patterns=["*/migrations/*", "*/locale/*"],
                )
        finally:
            os.chdir(cwd)
        po = scratch_path / "locale" / "fa" / "LC_MESSAGES" / "django.po"
        return _msgids(po.read_text(encoding="utf-8")) if po.exists() else []


def untranslated() -> list[str]:
    missing = []
    with translation.override("fa"):
        for msgid in extract_msgids():
            probe = translation.gettext(msgid)
            if probe == msgid and re.search(r"[A-Za-z]", msgid) and msgid not in ALLOWED_SAME:
                missing.append(msgid)
    return missing


def gettext_available() -> bool:
    return shutil.which("xgettext") is not None and shutil.which("msgmerge") is not None


# Strings that read the same in both languages (codes, names of formats).
ALLOWED_SAME = {"SHA-256", "English", "CSV", "XLSX", "PDF", "ISO"}
