"""With DATABASE_REPLICA_URL, the dashboard and the exports read the product's data from the replica.

The replica here is a second connection to the test database (what a streaming replica holds is
the primary's committed rows); the test checks which connection each query went through.
"""

import pytest
from django.db import connections
from django.test.utils import CaptureQueriesContext

from agreement.replica import REPLICA, ReplicaRouter
from obligations.models import ProgressEntry
from tests.factories import make_entry

BASE = "/en/a/qazvin-ikrc-rural-1397"
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def replica(transactional_db, settings):
    """A second connection to the test database, registered as the replica."""
    copy = connections.create_connection("default")
    copy.alias = REPLICA
    setattr(connections._connections, REPLICA, copy)
    settings.DATABASE_ROUTERS = ["agreement.replica.ReplicaRouter"]
    yield copy
    copy.close()
    delattr(connections._connections, REPLICA)


def captured(client, url, replica):
    with CaptureQueriesContext(connections["default"]) as primary, CaptureQueriesContext(replica) as copy:
        response = client.get(url)
        body = b"".join(response.streaming_content) if response.streaming else response.content
    assert response.status_code == 200
    return primary, copy, body


@pytest.mark.parametrize("url", [f"{BASE}/dashboard/", f"{BASE}/entries/", f"{BASE}/export/entries/?format=csv"])
def test_dashboard_and_exports_read_the_product_data_from_the_replica(
    client, replica, commitment, rural_staff, monitor, url
):
    make_entry(commitment("B5"), rural_staff, narrative="بازدید از روستای نمونه")
    client.force_login(monitor)
    primary, copy, body = captured(client, url, replica)
    assert "obligations_progressentry" in " ".join(q["sql"] for q in copy.captured_queries)
    assert not any("obligations_" in q["sql"] for q in primary.captured_queries)
    # The session and the signed-in user come from the primary: never signed out by replication lag.
    session_and_user = ('FROM "django_session"', 'FROM "auth_user"')
    assert all(any(table in q["sql"] for q in primary.captured_queries) for table in session_and_user)
    assert not [q["sql"] for q in copy.captured_queries if any(table in q["sql"] for table in session_and_user)]
    if "entries" in url:
        assert "بازدید از روستای نمونه".encode() in body


def test_forms_and_other_pages_keep_reading_the_primary(client, replica, rural_staff):
    client.force_login(rural_staff)
    primary, copy, _ = captured(client, f"{BASE}/commitments/B5/log/", replica)
    assert copy.captured_queries == []
    assert any("obligations_" in q["sql"] for q in primary.captured_queries)


def test_writes_always_go_to_the_primary_and_nothing_is_migrated_on_the_replica():
    router = ReplicaRouter()
    assert router.db_for_write(ProgressEntry) == "default"
    assert router.allow_migrate(REPLICA, "obligations") is False
    assert router.allow_migrate("default", "obligations") is True


def test_without_a_replica_the_decorator_changes_nothing(client, monitor):
    assert REPLICA not in connections
    client.force_login(monitor)
    assert client.get(f"{BASE}/dashboard/").status_code == 200
