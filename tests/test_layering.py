"""The apps' imports point down only (docs/development.md, "Apps and their direction")."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# Lowest first: an app may import those before it in this list, never those after.
LAYERS = [
    "agreement",
    "jobs",
    "notifications",
    "obligations",
    "amendments",
    "monitoring",
    "fieldlog",
    "committee",
    "deadlines",
    "terms",
    "dashboard",
    "reports",
    "drafting",
    "portfolio",
    "devdata",
]
# people sits beside the layers: it imports agreement and notifications, and is imported by the
# layers above obligations that show people (and by devdata).
BESIDE = {"people": {"agreement", "notifications"}}


def _imports(app: str):
    for path in (ROOT / app).rglob("*.py"):
        if "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [node.module]
            for name in names:
                top = name.split(".")[0]
                if top != app and top in {*LAYERS, *BESIDE}:
                    yield path.relative_to(ROOT), top


def _allowed(app: str) -> set[str]:
    if app in BESIDE:
        return BESIDE[app]
    below = set(LAYERS[: LAYERS.index(app)])
    return below | ({"people"} if LAYERS.index(app) > LAYERS.index("obligations") else set())


def test_every_import_between_apps_points_down():
    upward = [
        f"{path} imports {target}" for app in [*LAYERS, *BESIDE] for path, target in _imports(app)
        if target not in _allowed(app)
    ]  # fmt: skip
    assert upward == []


def test_the_check_sees_imports():
    assert ("reports", "agreement") in {(str(path).split("/")[0], target) for path, target in _imports("reports")}
