"""Editing an entry until it is reviewed; fixing and resubmitting a returned one."""

import datetime as dt

import pytest

from obligations.models import Evidence, ProgressEntry, Review
from obligations.services import review_entry
from tests.obligations import files


def _url(entry):
    return f"/en/entries/{entry.pk}/edit/"


def _data(entry, **overrides):
    data = {
        "version": entry.version,
        "happened_on": entry.happened_on.isoformat(),
        "reported_status": entry.reported_status,
        "percent_complete": entry.percent_complete or "",
        "narrative": entry.narrative,
        "county": "",
        "village": entry.village,
    }
    data.update(overrides)
    return data


@pytest.fixture
def entry(log_entry, commitment, rural_staff):
    return log_entry(
        commitment("B5"),
        rural_staff,
        percent_complete=20,
        happened_on=dt.date(2024, 5, 1),
        narrative="بازدید میدانی انجام شد.",
    )


def test_the_author_edits_an_entry_awaiting_review(client, rural_staff, entry):
    client.force_login(rural_staff)
    response = client.post(_url(entry), _data(entry, narrative="Corrected: two villages visited."))
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.narrative == "Corrected: two villages visited."
    assert entry.edited_at is not None and entry.version == 2
    assert entry.history.count() == 2  # the earlier text stays in the history
    assert entry.history.last().narrative == "بازدید میدانی انجام شد."
    html = client.get(response["Location"]).content.decode()
    assert "edited" in html and "Your changes were saved." in html


def test_the_edit_form_shows_what_the_entry_says(client, rural_staff, entry):
    client.force_login(rural_staff)
    form = client.get(_url(entry)).context["form"]
    assert form["narrative"].value() == entry.narrative
    assert form["version"].value() == 1


def test_a_returned_entry_shows_the_comment_and_is_resubmitted(client, rural_staff, monitor, entry):
    review_entry(entry=entry, reviewer=monitor, decision="returned", comment="Attach the minutes.", expected_version=1)
    entry.refresh_from_db()
    client.force_login(rural_staff)
    html = client.get(_url(entry)).content.decode()
    assert "Attach the minutes." in html and "Save and resubmit" in html
    data = _data(entry)
    data["evidence"] = files.upload("minutes.pdf", files.PDF)
    client.post(_url(entry), data)
    entry.refresh_from_db()
    assert entry.review_state == "submitted"
    assert list(entry.reviews.values_list("decision", flat=True)) == ["returned", "resubmitted"]
    assert Evidence.objects.get().entry == entry
    assert Review.objects.get(decision="returned").comment == "Attach the minutes."  # the reason stays


def test_an_accepted_entry_cannot_be_edited(client, rural_staff, monitor, entry):
    review_entry(entry=entry, reviewer=monitor, decision="accepted", expected_version=1)
    client.force_login(rural_staff)
    assert client.get(_url(entry)).status_code == 403
    assert client.post(_url(entry), _data(entry, narrative="sneaky")).status_code == 403
    entry.refresh_from_db()
    assert entry.narrative != "sneaky"


def test_an_edit_from_a_stale_form_is_refused(client, rural_staff, monitor, entry):
    client.force_login(rural_staff)
    stale = _data(entry, narrative="from an old tab")
    client.post(_url(entry), _data(entry, narrative="newer"))
    response = client.post(_url(entry), stale)
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.narrative == "newer"
    assert "changed meanwhile" in str(list(response.wsgi_request._messages)[-1])


def test_bad_input_on_edit_saves_nothing(client, rural_staff, entry):
    client.force_login(rural_staff)
    response = client.post(_url(entry), _data(entry, narrative="", village="کوندج"))
    assert response.status_code == 200
    assert "This field is required." in response.context["form"].errors["narrative"]
    assert "کوندج" in response.content.decode()
    entry.refresh_from_db()
    assert entry.version == 1


def test_evidence_added_on_edit_counts_toward_the_limit(client, rural_staff, entry, settings):
    settings.PEYMAN_EVIDENCE_MAX_FILES = 2
    client.force_login(rural_staff)
    data = _data(entry)
    # Three different files: the same bytes twice would be stored once.
    data["evidence"] = [files.upload("a.png", files.PNG), files.upload("b.jpg", files.photo(32, 24))]
    client.post(_url(entry), data)
    entry.refresh_from_db()
    data = _data(entry)
    data["evidence"] = files.upload("c.pdf", files.PDF)
    response = client.post(_url(entry), data)
    assert response.context["form"].errors["evidence"] == ["At most 2 files per entry (2 already attached)."]
    assert Evidence.objects.count() == 2


@pytest.mark.parametrize("persona", ["rural_focal", "relief_staff", "monitor", "rural_viewer"])
def test_only_the_author_edits(client, request, persona, entry):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(_url(entry)).status_code == 403
    assert client.post(_url(entry), _data(entry, narrative="not mine")).status_code == 403
    assert ProgressEntry.objects.get().narrative != "not mine"


def test_the_entry_edit_and_withdraw_pages_carry_the_agreements_header_navigation(client, rural_staff, commitment):
    from tests.factories import make_entry

    entry = make_entry(commitment("B5"), rural_staff)
    client.force_login(rural_staff)
    for page in ("edit", "withdraw"):
        html = client.get(f"/en/entries/{entry.pk}/{page}/").content.decode()
        assert 'href="/en/a/qazvin-ikrc-rural-1397/commitments/"' in html and ">Dashboard</a>" in html, page
