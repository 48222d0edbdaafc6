"""A withdrawn entry never shows as "awaiting review": not in recent activity, not in the exports."""

import csv
import io

from obligations.services import withdraw_entry


def _withdrawn(log):
    entry = log("B5", percent=20)
    return withdraw_entry(entry=entry, reason="اشتباه ثبت شد", expected_version=entry.version)


def test_recent_activity_marks_a_withdrawn_entry_withdrawn(client, agreement, monitor, log):
    _withdrawn(log)
    client.force_login(monitor)
    html = client.get("/en/a/qazvin-ikrc-rural-1397/dashboard/").content.decode()
    activity = html[html.index('id="activity-title"') :]
    activity = activity[: activity.index("</section>")]
    assert "Withdrawn" in activity and 'badge-withdrawn"' in activity
    assert "Awaiting review" not in activity


def test_the_entries_export_says_withdrawn(client, agreement, monitor, log):
    _withdrawn(log)
    client.force_login(monitor)
    response = client.get("/en/a/qazvin-ikrc-rural-1397/export/entries/", {"format": "csv"})
    text = b"".join(response.streaming_content).decode().lstrip("\ufeff")
    (row,) = csv.DictReader(io.StringIO(text))
    assert row["Review"] == "Withdrawn"


def test_the_state_rule_lives_on_the_entry(agreement, log):
    entry = log("B5")
    assert (entry.state, entry.get_state_display()) == ("submitted", "در انتظار بررسی")
    entry = withdraw_entry(entry=entry, reason="x", expected_version=entry.version)
    assert (entry.state, entry.get_state_display()) == ("withdrawn", "پس‌گرفته‌شده")
