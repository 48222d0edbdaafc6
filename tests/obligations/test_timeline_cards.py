"""Each entry's card on a commitment's timeline is rendered once and kept (obligations.timeline.card_key),
yet every reader sees what a fresh render shows: a review, a withdrawal before it, a thumbnail made
later, and their own buttons."""

import datetime as dt

import pytest

from obligations.services import withdraw_entry
from obligations.thumbnails import make_thumbnail
from tests.factories import attach_file, decide
from tests.obligations import files

URL = "/en/a/qazvin-ikrc-rural-1397/commitments/B5/"


def _timeline(client, user) -> str:
    client.force_login(user)
    html = client.get(URL).content.decode()
    return html[html.index('<ol class="timeline">') : html.index("</ol>", html.index('<ol class="timeline">'))]


@pytest.fixture
def fresh(client, nothing_kept):
    """The timeline as a render with nothing kept gives it."""

    def render(user):
        with nothing_kept():
            return _timeline(client, user)

    return render


def test_a_kept_card_is_what_a_fresh_render_gives(client, fresh, rural_staff, commitment, log_entry):
    log_entry(commitment("B5"), rural_staff, narrative="first visit", percent_complete=10)
    first = _timeline(client, rural_staff)
    assert _timeline(client, rural_staff) == first == fresh(rural_staff)


def test_a_review_is_on_the_card_for_the_next_reader(
    client, fresh, rural_staff, rural_viewer, monitor, commitment, log_entry
):
    entry = log_entry(commitment("B5"), rural_staff)
    assert "Returned by" not in _timeline(client, rural_viewer)
    decide(entry, monitor, "returned", "Attach the minutes.")
    after = _timeline(client, rural_viewer)
    assert "Returned by relief-monitor" in after and "Attach the minutes." in after
    assert after == fresh(rural_viewer)


def test_each_reader_gets_their_own_buttons(client, rural_staff, monitor, relief_viewer, commitment, log_entry):
    entry = log_entry(commitment("B5"), rural_staff)
    review_link = f"/review/{entry.pk}/"
    edit_link = f"/entries/{entry.pk}/edit/"
    as_author = _timeline(client, rural_staff)
    as_monitor = _timeline(client, monitor)
    as_reader = _timeline(client, relief_viewer)
    assert edit_link in as_author and review_link not in as_author
    assert review_link in as_monitor and edit_link not in as_monitor
    assert review_link not in as_reader and edit_link not in as_reader
    assert edit_link in _timeline(client, rural_staff)


def test_withdrawing_an_earlier_entry_changes_the_status_line_of_the_next(
    client, fresh, rural_staff, commitment, log_entry
):
    b5 = commitment("B5")
    earlier = log_entry(b5, rural_staff, happened_on=dt.date(2024, 4, 1), reported_status="in_progress")
    log_entry(b5, rural_staff, happened_on=dt.date(2024, 6, 1), reported_status="at_risk")
    assert "In progress → At risk" in _timeline(client, rural_staff)
    earlier.refresh_from_db()
    withdraw_entry(entry=earlier, reason="logged twice", expected_version=earlier.version)
    after = _timeline(client, rural_staff)
    assert "In progress → At risk" not in after and "Not started → At risk" in after
    assert after == fresh(rural_staff)


def test_a_thumbnail_made_after_the_card_was_kept_appears(client, fresh, rural_staff, commitment, log_entry):
    entry = log_entry(commitment("B5"), rural_staff)
    evidence = attach_file(entry, "site.jpg", files.photo(), "image/jpeg")  # its job has not run yet
    assert 'class="evidence-thumb"' not in _timeline(client, rural_staff)
    make_thumbnail(evidence)
    after = _timeline(client, rural_staff)
    assert f'/evidence/{evidence.pk}/thumbnail/"' in after
    assert after == fresh(rural_staff)
