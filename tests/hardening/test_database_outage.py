"""While the database is unreachable, pages answer 503 in the layout, with Retry-After and one log line.

On PostgreSQL the connection fails for real: it is closed and pointed at a closed port, as
during a restart. On SQLite (whose in-memory test database would vanish with its connection)
opening the connection is made to raise the error SQLite gives for a missing file.
"""

import logging
import uuid

import pytest
from django.db import OperationalError, connection

REFERENCE = "qazvin-ikrc-rural-1397"


@pytest.fixture
def database_down(transactional_db, monkeypatch):
    def down():
        if connection.vendor == "postgresql":
            connection.close()
            monkeypatch.setitem(connection.settings_dict, "PORT", "1")
            monkeypatch.setitem(connection.settings_dict, "HOST", "127.0.0.1")
        else:
            # The in-memory test database would vanish with its connection: refuse to use it instead.
            def refuse():
                raise OperationalError("unable to open database file")

            monkeypatch.setattr(connection, "ensure_connection", refuse)

    yield down
    monkeypatch.undo()
    if connection.vendor == "postgresql":
        connection.close()


def _outage_records(caplog):
    return [r for r in caplog.records if r.levelno >= logging.WARNING and r.name != "axes.watch_login"]


@pytest.mark.parametrize(
    "language, words", [("fa", "پیمان لحظه‌ای در دسترس نیست"), ("en", "Peyman is briefly unavailable")]
)
def test_a_page_answers_503_in_the_layout_and_the_readers_language(
    client, rural_staff, agreement, database_down, caplog, language, words
):
    client.force_login(rural_staff)
    database_down()
    prefix = "" if language == "fa" else "/en"
    with caplog.at_level(logging.INFO):
        response = client.get(f"{prefix}/a/{REFERENCE}/commitments/")
    assert response.status_code == 503
    assert response["Retry-After"] == "10"
    html = response.content.decode()
    assert words in html and 'class="site-header"' in html
    assert f'dir="{"rtl" if language == "fa" else "ltr"}"' in html
    records = _outage_records(caplog)
    assert len(records) == 1, [r.getMessage() for r in records]
    assert records[0].name == "peyman.errors" and records[0].exc_info is None
    assert "Database unavailable: GET" in records[0].getMessage()


def test_a_form_post_answers_503_saying_it_can_be_sent_again(client, rural_staff, agreement, database_down, caplog):
    client.force_login(rural_staff)
    database_down()
    response = client.post(
        f"/en/a/{REFERENCE}/commitments/B5/log/",
        {"submission_key": str(uuid.uuid4()), "happened_on": "2019-01-10", "reported_status": "in_progress"},
    )
    assert response.status_code == 503
    assert "can be sent again safely" in response.content.decode()
    assert len(_outage_records(caplog)) == 1


def test_an_anonymous_visitor_gets_the_same_page(client, database_down):
    database_down()
    response = client.get("/en/accounts/login/")
    # The sign-in page itself needs no database until the form is sent.
    assert response.status_code == 200
    response = client.post("/en/accounts/login/", {"username": "x", "password": "y"})
    assert response.status_code == 503
