"""Withdrawing an entry: with a reason, never deleted, no longer counted."""

import datetime as dt

import pytest

from obligations.models import ProgressEntry


def _url(entry):
    return f"/en/entries/{entry.pk}/withdraw/"


@pytest.fixture
def entry(log_entry, commitment, rural_staff):
    return log_entry(commitment("B5"), rural_staff, reported_status="completed", happened_on=dt.date(2024, 5, 1))


def test_the_author_withdraws_with_a_reason(client, rural_staff, entry, commitment):
    assert commitment("B5").status == "completed"
    client.force_login(rural_staff)
    assert "A withdrawn entry is not deleted" in client.get(_url(entry)).content.decode()
    response = client.post(_url(entry), {"reason": "Logged on the wrong commitment.", "version": 1})
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.is_withdrawn and entry.withdrawn_reason == "Logged on the wrong commitment."
    assert commitment("B5").status == "not_started"  # it no longer counts
    assert ProgressEntry.objects.count() == 1  # and it is still there
    html = client.get(response["Location"]).content.decode()
    assert "Logged on the wrong commitment." in html and "The entry was withdrawn." in html


def test_a_reason_is_required(client, rural_staff, entry):
    client.force_login(rural_staff)
    response = client.post(_url(entry), {"reason": "  ", "version": 1})
    assert response.status_code == 200
    assert response.context["form"].errors["reason"] == ["This field is required."]
    entry.refresh_from_db()
    assert not entry.is_withdrawn


def test_a_withdrawn_entry_cannot_be_withdrawn_or_edited_again(client, rural_staff, entry):
    client.force_login(rural_staff)
    client.post(_url(entry), {"reason": "duplicate", "version": 1})
    assert client.get(_url(entry)).status_code == 403
    assert client.get(f"/en/entries/{entry.pk}/edit/").status_code == 403


def test_a_stale_form_does_not_withdraw(client, rural_staff, entry):
    from obligations.services import update_entry

    update_entry(entry=entry, expected_version=1, narrative="changed in another tab")
    client.force_login(rural_staff)
    response = client.post(_url(entry), {"reason": "duplicate", "version": 1})
    assert response.status_code == 302
    entry.refresh_from_db()
    assert not entry.is_withdrawn


@pytest.mark.parametrize("persona", ["rural_focal", "relief_staff", "monitor", "committee_member"])
def test_only_the_author_withdraws(client, request, persona, entry):
    client.force_login(request.getfixturevalue(persona))
    assert client.post(_url(entry), {"reason": "not mine", "version": 1}).status_code == 403
    entry.refresh_from_db()
    assert not entry.is_withdrawn


def test_an_accepted_entry_in_an_issued_report_is_corrected_not_withdrawn(client, rural_staff, monitor, commitment):
    from agreement.jalali import Quarter
    from obligations.services import EntryInIssuedReport, withdraw_entry
    from tests.factories import decide, make_entry
    from tests.reports.conftest import make_issued

    accepted = decide(make_entry(commitment("B5"), rural_staff, happened_on=dt.date(2024, 10, 15)), monitor)
    awaiting = make_entry(commitment("B5"), rural_staff, happened_on=dt.date(2024, 10, 16))
    report = make_issued(commitment("B5").agreement, monitor, period=Quarter(1403, 3))
    client.force_login(rural_staff)
    for method in (client.get, client.post):
        response = method(f"/entries/{accepted.pk}/withdraw/", {"reason": "اشتباه", "version": accepted.version})
        assert response.status_code == 302
        assert response["Location"] == "/a/qazvin-ikrc-rural-1397/commitments/B5/log/"
    page = client.get(response["Location"]).content.decode()
    assert f"بخشی از گزارش صادرشده {report.report_number}" in page and "ثبت اصلاحی" in page
    english = client.get(f"/en/entries/{accepted.pk}/withdraw/", follow=True).content.decode()
    assert "Log a correcting entry instead; the next report shows it." in english
    accepted.refresh_from_db()
    assert not accepted.is_withdrawn
    with pytest.raises(EntryInIssuedReport, match=report.report_number):
        withdraw_entry(entry=accepted, reason="x", expected_version=accepted.version)
    # An entry the report lists only as awaiting review may still be withdrawn by its author.
    response = client.post(f"/en/entries/{awaiting.pk}/withdraw/", {"reason": "duplicate", "version": 1})
    awaiting.refresh_from_db()
    assert awaiting.is_withdrawn


def test_the_correcting_entry_the_author_is_sent_to_log_is_in_the_next_report(client, rural_staff, monitor, commitment):
    """Point 6: the accepted entry of the issued quarter stays; the correction logged through the
    form the refusal leads to is in the next quarter's report (its snapshot's list of the quarter's entries)."""
    import time_machine

    from agreement.jalali import Quarter
    from reports.snapshot import build_snapshot
    from tests.factories import decide, make_entry
    from tests.reports.conftest import make_issued

    accepted = decide(make_entry(commitment("B5"), rural_staff, happened_on=dt.date(2024, 10, 15)), monitor)
    make_issued(commitment("B5").agreement, monitor, period=Quarter(1403, 3))
    client.force_login(rural_staff)
    with time_machine.travel(dt.datetime(2025, 1, 5, 9, 0, tzinfo=dt.UTC), tick=False):  # 1403-10-16, Q4
        refused = client.post(f"/entries/{accepted.pk}/withdraw/", {"reason": "اشتباه", "version": accepted.version})
        log_form = refused["Location"]
        page = client.get(log_form).content.decode()
        key = page.split('name="submission_key" value="')[1].split('"')[0]
        data = {
            "submission_key": key,
            "happened_on": "2025-01-04",
            "reported_status": "in_progress",
            "narrative": "اصلاح گزارش ۲۴ مهر: ۳ خانه نه ۵",
        }
        assert client.post(f"/en{log_form}", data).status_code == 302
        snapshot = build_snapshot(commitment("B5").agreement, Quarter(1403, 4), "fa")
    narratives = [row["narrative"] for row in snapshot["quarter_entries"]]
    assert "اصلاح گزارش ۲۴ مهر: ۳ خانه نه ۵" in narratives
    accepted.refresh_from_db()
    assert not accepted.is_withdrawn
