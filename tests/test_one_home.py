"""Each display helper has one home (docs/development.md, "One home for each helper"): domain code
formats through `agreement.formatting`, never through template-tag modules, and asks whether the
reader reads Persian through `agreement.persian.reading_persian` alone."""

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SKIP = {".venv", "node_modules", "tests", "migrations", "templatetags"}


def _app_modules():
    for path in ROOT.rglob("*.py"):
        parts = set(path.relative_to(ROOT).parts)
        if not parts & SKIP:
            yield path


def test_domain_code_does_not_import_template_tags():
    offenders = []
    for path in _app_modules():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            module = node.module if isinstance(node, ast.ImportFrom) else None
            if module and ".templatetags." in f".{module}." and not module.startswith("django."):
                offenders.append(f"{path.relative_to(ROOT)}: from {node.module}")
    assert offenders == []


# The spellings the language check had before it had one home.
LANGUAGE_CHECKS = re.compile(r"get_language\(\)[^\n]*(startswith|==|\[:2\])")


def test_the_language_check_has_one_home():
    found = [
        str(path.relative_to(ROOT))
        for path in [*_app_modules(), *(ROOT / "agreement" / "templatetags").glob("*.py")]
        if LANGUAGE_CHECKS.search(path.read_text(encoding="utf-8"))
    ]
    assert found == ["agreement/persian.py"]


# A display name spelled out instead of asked of agreement.formatting.person_name (the `person`
# filter in templates): `get_full_name` anywhere, or a username standing in for a missing name.
DISPLAY_NAME = re.compile(r"get_full_name|\|\s*default:\s*[\w.]*username")


def test_a_display_name_is_written_in_one_place():
    found = [
        str(path.relative_to(ROOT))
        for path in [*_app_modules(), *(ROOT / "templates").rglob("*.*")]
        if path.is_file() and DISPLAY_NAME.search(path.read_text(encoding="utf-8"))
    ]
    assert found == ["agreement/formatting.py"]


def test_the_display_name_check_sees_the_spellings_it_replaced():
    assert DISPLAY_NAME.search("{{ entry.author.get_full_name|default:entry.author.username }}")
    assert DISPLAY_NAME.search("{{ who.first_name|default:who.username }}")
    assert DISPLAY_NAME.search('"name": user.get_full_name(),')
    assert not DISPLAY_NAME.search("{{ entry.author|person }} <span dir=ltr>{{ person.user.username }}</span>")
