"""A large query built and compiled once per process for the same inputs, then only run.

Some kept page parts (agreement.page_cache) rest on one big annotated query: a quarter's evaluation
table computes the progress rule as of the quarter's end for every commitment. Its SQL depends only
on its inputs (the agreement, the quarter), yet Django spends most of a fresh render building its
expressions and compiling them to SQL, every time, while PostgreSQL answers in a few milliseconds.
`compiled_once(key, build)` builds the queryset with `build()` the first time a process sees `key`
and keeps it together with its compiled SQL, parameters and the compiler's column map; later calls
hand out a clone that runs the kept SQL as it is. The rows are read afresh on every run: only the
text of the query is kept, never a result.

`key` must name everything the SQL depends on (the arguments of `build`): the same key must always
build the same query. Any further change of the handed-out queryset (a filter, an order, a count)
drops the kept compilation and compiles as Django always does.
"""

from collections import OrderedDict
from collections.abc import Callable, Hashable
from threading import Lock
from typing import Any, TypeVar

from django.db.models import QuerySet
from django.db.models.sql import Query

Q = TypeVar("Q", bound=QuerySet)

MAX_KEPT = 512  # distinct keys kept per process (a few quarters of a few hundred agreements)
# What a compiler holds after as_sql() that running the query and reading its rows need.
_STATE = ("select", "klass_info", "annotation_col_map", "col_count", "has_extra_select", "where", "having", "qualify")

_kept: OrderedDict[Hashable, tuple[QuerySet, dict]] = OrderedDict()
_lock = Lock()


class _KeptQuery(Query):
    """A handed-out query: its compiler returns the SQL compiled the first time for this key."""

    compilations: dict  # shared by every clone handed out for one key

    def clone(self):
        # Anything done to the queryset after it was handed out gets a plain query, compiled afresh.
        obj = super().clone()
        obj.__class__ = Query
        return obj

    def get_compiler(self, using=None, connection=None, elide_empty=True):
        compiler = super().get_compiler(using, connection, elide_empty)
        compilations = self.compilations
        compile_afresh = compiler.as_sql

        def as_sql(with_limits=True, with_col_aliases=False):
            key = (compiler.connection.alias, type(compiler).__name__, elide_empty, with_limits, with_col_aliases)
            kept = compilations.get(key)
            if kept is None:
                sql, params = compile_afresh(with_limits, with_col_aliases)
                compilations[key] = (sql, params, {name: getattr(compiler, name) for name in _STATE})
                return sql, params
            sql, params, state = kept
            for name, value in state.items():
                setattr(compiler, name, value)
            return sql, params

        compiler.as_sql = as_sql
        return compiler


def compiled_once(key: Hashable, build: Callable[[], Q]) -> Q:
    """`build()`'s queryset, built and compiled once per process for `key`, ready to run afresh."""
    with _lock:
        kept = _kept.get(key)
        if kept is not None:
            _kept.move_to_end(key)
    if kept is None:
        kept = (build(), {})
        with _lock:
            _kept[key] = kept
            while len(_kept) > MAX_KEPT:
                _kept.popitem(last=False)
    template, compilations = kept
    queryset: Any = template.all()  # a new queryset and a copy of the query; the template stays unrun
    queryset.query.__class__ = _KeptQuery
    queryset.query.compilations = compilations
    return queryset


def forget_compiled() -> None:
    """Drop every kept query (tests; a process never needs to)."""
    with _lock:
        _kept.clear()
