"""A date of the work in a quarter whose report was issued is refused on every write path (issue 22).

Monitoring registers the check into obligations.services.WORK_DATE_REFUSALS; the log form, its edit,
the device queue's endpoint and the service itself all meet it, with the reason in the reader's
language and nothing written.
"""

import datetime as dt
import json
import uuid

import pytest
import time_machine
from django.utils import translation

from agreement.jalali import Quarter
from fieldlog.models import ExpectedFile
from monitoring.models import QuarterLock, locked_quarter_refusal
from obligations.models import Evidence, ProgressEntry
from obligations.services import WORK_DATE_REFUSALS, WorkDateRefused, record_progress, update_entry
from tests.obligations import files

LOG = "{prefix}/a/qazvin-ikrc-rural-1397/commitments/B5/log/"
LOCKED_DAY = dt.date(2024, 8, 20)  # 1403/05/30: the second quarter of 1403 (Tir to Shahrivar)
OPEN_DAY = dt.date(2024, 6, 10)  # 1403/03/21: the first quarter, not locked


@pytest.fixture(autouse=True)
def _frozen_time():
    with time_machine.travel("2024-09-01 09:00:00+00:00", tick=False):
        yield


@pytest.fixture
def locked(agreement, monitor):
    period = Quarter.containing(LOCKED_DAY)
    return QuarterLock.objects.create(agreement=agreement, year=period.year, quarter=period.number, changed_by=monitor)


def _form(day: str, **extra):
    data = {
        "submission_key": str(uuid.uuid4()),
        "happened_on": day,
        "reported_status": "in_progress",
        "percent_complete": "30",
        "narrative": "بازدید از روستا",
        "county": "",
        "village": "",
    }
    return {**data, **extra}


def _stored_files(settings):
    root = settings.MEDIA_ROOT / "evidence"
    return [path for path in root.rglob("*") if path.is_file()] if root.exists() else []


def test_monitoring_registers_its_check_with_obligations():
    assert locked_quarter_refusal in WORK_DATE_REFUSALS


def test_the_log_form_refuses_a_date_in_a_locked_quarter_in_persian_and_saves_nothing(
    client, rural_staff, locked, settings
):
    client.force_login(rural_staff)
    data = _form("۱۴۰۳٫۰۵٫۳۰", evidence=files.upload("بازدید.png", files.PNG, "image/png"))
    response = client.post(LOG.format(prefix=""), data)
    assert response.status_code == 409
    html = response.content.decode()
    assert "سه‌ماهه دوم ۱۴۰۳ (تیر تا شهریور)" in html and "قفل شده است" in html
    assert response.context["form"].errors["happened_on"]  # marked beside the date, which may be changed
    assert "۱۴۰۳/۰۵/۳۰" in html or "۱۴۰۳٫۰۵٫۳۰" in html  # what was typed is given back
    assert ProgressEntry.objects.count() == 0
    assert Evidence.objects.count() == 0 and _stored_files(settings) == []
    assert ProgressEntry.history.count() == 0


def test_the_log_form_refuses_it_in_english_and_takes_an_open_quarter(client, rural_staff, locked):
    client.force_login(rural_staff)
    refused = client.post(LOG.format(prefix="/en"), _form(LOCKED_DAY.isoformat()))
    assert refused.status_code == 409
    assert "The quarter of this date (Q2 1403 (Tir–Shahrivar)) is locked" in refused.content.decode()
    assert ProgressEntry.objects.count() == 0
    accepted = client.post(LOG.format(prefix="/en"), _form(OPEN_DAY.isoformat()))
    assert accepted.status_code == 302
    assert ProgressEntry.objects.get().happened_on == OPEN_DAY


def test_a_quarter_reopened_takes_entries_again(client, rural_staff, locked):
    locked.locked = False
    locked.reason = "A correction is due."
    locked.save()
    client.force_login(rural_staff)
    assert client.post(LOG.format(prefix="/en"), _form(LOCKED_DAY.isoformat())).status_code == 302


def test_an_edit_that_moves_the_date_into_a_locked_quarter_is_refused(
    client, rural_staff, locked, log_entry, commitment
):
    entry = log_entry(commitment("B5"), rural_staff, happened_on=OPEN_DAY, narrative="کار در خرداد")
    client.force_login(rural_staff)
    data = {
        "version": entry.version,
        "happened_on": LOCKED_DAY.isoformat(),
        "reported_status": entry.reported_status,
        "percent_complete": "",
        "narrative": "کار در مرداد",
        "county": "",
        "village": "",
    }
    response = client.post(f"/en/entries/{entry.pk}/edit/", data)
    assert response.status_code == 409
    assert "is locked: its report has been issued" in response.content.decode()
    entry.refresh_from_db()
    assert (entry.happened_on, entry.narrative, entry.version) == (OPEN_DAY, "کار در خرداد", 1)


def test_an_edit_that_keeps_its_date_in_a_locked_quarter_is_not_refused_for_it(
    rural_staff, locked, log_entry, commitment
):
    # Logged before the report was issued (or sent back after): it can still be corrected.
    QuarterLock.objects.filter(pk=locked.pk).update(locked=False, reason="before the report")
    entry = log_entry(commitment("B5"), rural_staff, happened_on=LOCKED_DAY)
    QuarterLock.objects.filter(pk=locked.pk).update(locked=True)
    updated = update_entry(entry=entry, expected_version=entry.version, happened_on=LOCKED_DAY, narrative="Corrected.")
    assert updated.narrative == "Corrected."


def test_the_service_refuses_it_whoever_calls_it(rural_staff, locked, commitment):
    with pytest.raises(WorkDateRefused, match="Q2 1403"), translation.override("en"):
        record_progress(
            commitment=commitment("B5"),
            author=rural_staff,
            happened_on=LOCKED_DAY,
            reported_status="in_progress",
            narrative="Straight through the service.",
        )
    assert ProgressEntry.objects.count() == 0


def test_the_device_queues_endpoint_gives_the_same_reason(client, rural_staff, locked):
    client.force_login(rural_staff)
    payload = {
        "submission_key": str(uuid.uuid4()),
        "form_version": 1,
        "agreement": "qazvin-ikrc-rural-1397",
        "commitment": "B5",
        "fields": {"happened_on": LOCKED_DAY.isoformat(), "reported_status": "in_progress", "narrative": "x"},
        "files": [{"sha256": "a" * 64, "name": "photo.jpg", "size": 1000}],
    }
    response = client.post("/en/field/api/entries/", json.dumps(payload), content_type="application/json")
    assert response.status_code == 409
    assert response.json() == {
        "error": "quarter_locked",
        "reason": "The quarter of this date (Q2 1403 (Tir–Shahrivar)) is locked: its report has been issued. "
        "Change the date of the work or ask the monitor to reopen the quarter.",
    }
    assert ProgressEntry.objects.count() == 0
    assert ExpectedFile.objects.count() == 0  # nothing half-saved: the entry's expected files neither
