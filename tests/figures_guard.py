"""A test-time check that no write the kept page parts read goes unseen by their key.

Kept parts (agreement.page_cache) are served under the agreement's figures version; a write that
changes what they show without raising it in the same transaction would leave every server serving
the old part until it expires. This check watches every SQL statement a test runs on the default
connection: an INSERT, UPDATE or DELETE of a table the kept parts read must share its transaction
with an UPDATE raising a figures_version (the agreement's or a commitment's), or the test fails
naming the write and the code that made it.

Writes a test makes itself (setting a commitment's target before the act, a factory's rows) are
setup, not application code: a write whose nearest project frame is under tests/ is left alone.
Only the test's call is watched (fixtures set up before it), and only this thread's connection.
"""

import re
import sys
from pathlib import Path

import pytest
from django.db import connection

# The tables the dashboard and the evaluations table render from.
WATCHED = {
    "obligations_commitment",
    "obligations_progressentry",
    "obligations_quarterfigures",
    "obligations_review",
    "monitoring_evaluation",
    "monitoring_quarterlock",
    "committee_decision",
}
WRITE = re.compile(r'^\s*(?:INSERT INTO|UPDATE|DELETE FROM)\s+"(\w+)"', re.I)
VERSION_MOVE = re.compile(
    r'^\s*UPDATE\s+"(?:agreement_agreement|obligations_commitment)"\s+SET\s.*"figures_version"', re.I | re.S
)
ROOT = Path(__file__).resolve().parent.parent
TESTS = str(ROOT / "tests") + "/"
PROJECT = str(ROOT) + "/"
VENV = str(ROOT / ".venv") + "/"
SELF = str(Path(__file__).resolve())
ACTIVE: list["FiguresGuard"] = []  # the guard of the test being run


def _nearest_project_frame():
    frame = sys._getframe(2)
    while frame is not None:
        name = frame.f_code.co_filename
        passing_through = frame.f_code.co_name == "save" and name.endswith("models.py")
        if (
            name.startswith(PROJECT)
            and not name.startswith(VENV)
            and name != SELF
            and "/.venv/" not in name
            and not passing_through  # a model's own save() decides nothing: whoever called it did
        ):
            return frame
        frame = frame.f_back
    return None


class FiguresGuard:
    def __init__(self, base_depth: int):
        self.base_depth = base_depth
        self.units = {}  # id of the outermost atomic block of the test -> [block, writes, moved]
        self.standalone = 0

    def __call__(self, execute, sql, params, many, context):
        result = execute(sql, params, many, context)
        self._note(sql)
        return result

    def _note(self, sql: str) -> None:
        write = WRITE.match(sql)
        if write is None:
            return
        table = write.group(1)
        moved = bool(VERSION_MOVE.match(sql))
        if table not in WATCHED and not moved:
            return
        blocks = connection.atomic_blocks
        if len(blocks) > self.base_depth:
            block = blocks[self.base_depth]
            key = id(block)
        else:  # autocommit (or only the test's own wrapper): the statement is its own transaction
            self.standalone += 1
            block, key = None, ("standalone", self.standalone)
        unit = self.units.setdefault(key, [block, [], False])
        if moved:
            unit[2] = True
        if table in WATCHED and not moved:
            frame = _nearest_project_frame()
            if frame is None or frame.f_code.co_filename.startswith(TESTS):
                return  # the test's own setup
            where = f"{Path(frame.f_code.co_filename).relative_to(ROOT)}:{frame.f_lineno} ({frame.f_code.co_name})"
            unit[1].append(f"{table}: {sql[:80]}... from {where}")

    def forget(self) -> None:
        """Drop what was noted so far: for tests/test_figures_guard.py, which writes unversioned on purpose."""
        self.units.clear()

    def unseen(self) -> list[str]:
        return [write for _, writes, moved in self.units.values() if not moved for write in writes]


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item):
    guard = FiguresGuard(len(connection.atomic_blocks))
    ACTIVE.append(guard)
    try:
        with connection.execute_wrapper(guard):
            result = yield
    finally:
        ACTIVE.remove(guard)
    unseen = guard.unseen()
    if unseen:
        raise AssertionError(
            "Written without raising a figures_version in the same transaction, so kept page parts "
            "would go on showing the old figures (tests/figures_guard.py):\n  " + "\n  ".join(unseen)
        )
    return result
