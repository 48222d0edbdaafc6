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


def test_a_display_name_is_written_in_one_place():
    found = [
        str(path.relative_to(ROOT))
        for path in _app_modules()
        if "get_full_name() or" in path.read_text(encoding="utf-8")
    ]
    assert found == ["agreement/formatting.py"]
