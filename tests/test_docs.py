"""The docs stay true to the code: every setting is documented, every link leads somewhere."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SETTING = re.compile(r'env(?:str|bool|int|list|float)?\("([A-Z][A-Z0-9_]+)"')


def test_every_setting_read_from_the_environment_is_in_the_operations_guide():
    read = {name for path in (ROOT / "config").glob("*.py") for name in SETTING.findall(path.read_text())}
    guide = (ROOT / "docs" / "operations.md").read_text()
    assert len(read) > 30
    assert sorted(name for name in read if f"`{name}`" not in guide) == []


def test_the_readme_is_short_and_its_links_lead_to_files():
    for doc in [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]:
        text = doc.read_text()
        for target in re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", text):
            if not target.startswith(("http://", "https://", "mailto:")):
                assert (doc.parent / target).exists(), f"{doc.name} links to {target}, which is not there"
    assert len((ROOT / "README.md").read_text().splitlines()) <= 200
