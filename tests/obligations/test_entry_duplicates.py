"""Back then Save: an identical entry by the same person, moments later, is saved only when confirmed."""

import datetime as dt
import uuid

import time_machine

from obligations.models import ProgressEntry
from tests.obligations import files

LOG = "/en/a/qazvin-ikrc-rural-1397/commitments/B5/log/"
NOW = dt.datetime(2025, 1, 10, 9, 0, tzinfo=dt.UTC)


def _form(**extra):
    data = {
        "submission_key": str(uuid.uuid4()),  # a re-rendered form carries a new key
        "happened_on": "2024-12-01",
        "reported_status": "in_progress",
        "percent_complete": "40",
        "narrative": "بازدید میدانی انجام شد.",
    }
    data.update(extra)
    return data


def test_an_identical_second_entry_is_not_saved_without_asking(client, rural_staff, agreement):
    client.force_login(rural_staff)
    with time_machine.travel(NOW, tick=False) as traveller:
        assert client.post(LOG, _form()).status_code == 302
        traveller.shift(dt.timedelta(minutes=5))
        response = client.post(LOG, _form())
    assert response.status_code == 200
    html = response.content.decode()
    assert "You saved an identical entry a moment ago." in html
    assert 'name="confirm_duplicate" value="1"' in html
    assert ProgressEntry.objects.count() == 1


def test_confirming_saves_the_second_entry(client, rural_staff, agreement):
    client.force_login(rural_staff)
    client.post(LOG, _form())
    assert client.post(LOG, _form(confirm_duplicate="1")).status_code == 302
    assert ProgressEntry.objects.count() == 2


def test_the_question_says_files_must_be_chosen_again(client, rural_staff, agreement):
    client.force_login(rural_staff)
    client.post(LOG, _form())
    html = client.post(LOG, _form(evidence=files.upload("a.pdf", files.PDF))).content.decode()
    assert "please choose them again" in html


def test_different_content_or_a_later_time_or_another_person_is_no_duplicate(
    client, rural_staff, rural_focal, agreement
):
    client.force_login(rural_staff)
    with time_machine.travel(NOW, tick=False) as traveller:
        client.post(LOG, _form())
        assert client.post(LOG, _form(percent_complete="45")).status_code == 302
        traveller.shift(dt.timedelta(hours=2))
        assert client.post(LOG, _form()).status_code == 302
        client.force_login(rural_focal)
        assert client.post(LOG, _form()).status_code == 302
    assert ProgressEntry.objects.count() == 4


def test_the_same_key_sent_twice_is_still_saved_once_without_a_question(client, rural_staff, agreement):
    client.force_login(rural_staff)
    data = _form()
    client.post(LOG, data)
    assert client.post(LOG, data).status_code == 302
    assert ProgressEntry.objects.count() == 1


def test_a_persian_page_asks_in_persian(client, rural_staff, agreement):
    client.force_login(rural_staff)
    client.post(LOG, _form())
    html = client.post(LOG.removeprefix("/en"), _form(happened_on="۱۴۰۳/۰۹/۱۱")).content.decode()
    assert "همین گزارش را لحظه‌ای پیش ذخیره کردید." in html
