"""Dashboards and exports may read from a PostgreSQL read replica (DATABASE_REPLICA_URL).

Only views marked with `@reads_from_replica` use it, and only for the product's own tables: the
session, the signed-in user, sign-in throttling, jobs and notifications are always read from the
primary, so a person who has just signed in or just logged an entry is never shown as signed out
(a replica lags the primary by a moment). What a replica shows may be a second or so behind: fine
for a dashboard or a spreadsheet, not for a form, which is why forms never read from it.
Without DATABASE_REPLICA_URL everything reads from the primary and the decorator does nothing.
"""

import contextvars
import functools

from django.http import StreamingHttpResponse

REPLICA = "replica"
# The product's own data; everything else (auth, sessions, axes, tasks, notifications) stays on the primary.
REPLICATED_APPS = frozenset({"agreement", "obligations", "monitoring", "committee", "reports"})

_reading_from_replica = contextvars.ContextVar("reading_from_replica", default=False)


class ReplicaRouter:
    """Sends reads of REPLICATED_APPS to the replica while a `@reads_from_replica` view runs.

    Installed only when DATABASE_REPLICA_URL is set (config/settings.py).
    """

    def db_for_read(self, model, **hints):
        if _reading_from_replica.get() and model._meta.app_label in REPLICATED_APPS:
            return REPLICA
        return None

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the same rows on both: a replica is a copy of the primary

    def allow_migrate(self, db, app_label, **hints):
        return db == "default"


def _streamed_from_replica(chunks):
    """A streamed export reads its rows after the view has returned: keep the replica for them too."""
    _reading_from_replica.set(True)
    try:
        yield from chunks
    finally:
        _reading_from_replica.set(False)


def reads_from_replica(view):
    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        _reading_from_replica.set(True)
        try:
            response = view(request, *args, **kwargs)
        finally:
            _reading_from_replica.set(False)
        if isinstance(response, StreamingHttpResponse):
            response.streaming_content = _streamed_from_replica(response.streaming_content)
        return response

    return wrapper
