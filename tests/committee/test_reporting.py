"""Decisions beyond the committee's pages: the dashboard tile, the export, the quarterly report."""

import csv
import datetime as dt
import io
import json

import time_machine

from agreement.jalali import Quarter
from committee.reporting import decision_counts, quarter_section
from obligations.services import record_progress
from reports.snapshot import build_snapshot

R = "qazvin-ikrc-rural-1397"


def _finish(decision, author, day):
    record_progress(
        commitment=decision.commitment,
        author=author,
        happened_on=day,
        reported_status="completed",
        narrative="انجام شد",
    )


@time_machine.travel("2024-11-01 09:00 +03:30", tick=False)
def test_the_dashboard_counts_open_and_overdue_decisions(client, agreement, decision, rural_viewer):
    assert decision_counts(agreement, dt.date(2024, 11, 1)) == {"total": 1, "done": 0, "open": 1, "overdue": 1}
    client.force_login(rural_viewer)
    page = client.get(f"/en/a/{R}/dashboard/").content.decode()
    assert "Open committee decisions" in page
    assert f"/en/a/{R}/committee/decisions/?state=overdue" in page and "1 past their deadline" in page


@time_machine.travel("2024-11-01 09:00 +03:30", tick=False)
def test_the_decisions_export_lists_them_with_both_calendars(client, agreement, decision, rural_viewer):
    client.force_login(rural_viewer)
    response = client.get(f"/en/a/{R}/export/decisions/", {"format": "csv", "state": "overdue"})
    text = b"".join(response.streaming_content).decode("utf-8").lstrip("\ufeff")
    (row,) = list(csv.DictReader(io.StringIO(text)))
    assert row["Number"] == "1403-1-1" and row["Meeting"] == "1/1403"
    assert row["Due date (Jalali)"] == "1403/07/30" and row["Due date (Gregorian)"] == "2024-10-21"
    assert row["Overdue"] == "yes" and row["Commitments it serves"] == "B9"
    assert client.get(f"/en/a/{R}/export/decisions/", {"format": "pdf"}).status_code == 400


def test_the_quarterly_report_has_a_committee_section_as_of_the_quarters_end(agreement, decision, rural_staff):
    # Done after the quarter: at the end of Q3 1403 (1403/09/30 = 2024-12-20) it is still open.
    _finish(decision, rural_staff, dt.date(2024, 12, 25))
    section = quarter_section(agreement, dt.date(2024, 9, 22), dt.date(2024, 12, 20), persian=True)
    assert section["meetings"] == [
        {
            "code": "۱/۱۴۰۳",
            "date": "2024-09-22",
            "place": "سالن جلسات",
            "state": section["meetings"][0]["state"],
            "decisions": 1,
        }
    ]
    assert section["counts"] == {"total": 1, "done": 0, "open": 1, "overdue": 1}
    assert section["open_decisions"][0]["text"].startswith("نصب تابلوهای")
    later = quarter_section(agreement, dt.date(2024, 12, 21), dt.date(2025, 3, 20), persian=True)
    assert later["counts"]["done"] == 1 and later["meetings"] == []


@time_machine.travel("2025-01-05 09:00 +03:30", tick=False)
def test_the_report_snapshot_carries_the_section(agreement, decision):
    snapshot = build_snapshot(agreement, Quarter(1403, 3), "fa")
    json.dumps(snapshot)
    assert snapshot["committee"]["counts"]["open"] == 1
    from reports.render import Stamp, render_html

    html = render_html(snapshot, Stamp(draft=True))
    assert "کمیته مشترک" in html and "نصب تابلوهای ترویج زکات" in html


@time_machine.travel("2024-11-06 09:00 +03:30", tick=False)  # a Wednesday, after the decision's deadline
def test_the_focal_points_weekly_digest_counts_their_partys_decisions(agreement, decision, rural_focal):
    from django.utils import translation

    from monitoring.reminders import send_focal_digests
    from notifications.models import Kind, Notification

    send_focal_digests()
    digest = Notification.objects.get(recipient=rural_focal, kind=Kind.FOCAL_DIGEST)
    assert (digest.params["decisions_open"], digest.params["decisions_overdue"]) == (1, 1)
    with translation.override("fa"):
        assert "مصوبات کمیته مشترک: ۱ باز، ۱ با مهلت گذشته." in digest.message


@time_machine.travel("2024-11-01 09:00 +03:30", tick=False)
def test_my_work_lists_the_partys_open_decisions(client, agreement, decision, rural_staff, relief_staff):
    client.force_login(rural_staff)
    page = client.get(f"/a/{R}/my-work/").content.decode()
    assert "مصوبات کمیته که پیگیری آن با دستگاه من است" in page
    assert f"/a/{R}/commitments/1403-1-1/" in page
    client.force_login(relief_staff)  # not their party's decision
    assert f"/a/{R}/commitments/1403-1-1/" not in client.get(f"/a/{R}/my-work/").content.decode()
