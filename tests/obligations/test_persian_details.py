"""Persian details on the workspace pages: digits in prefilled values, messages and sizes; isolated names."""

import datetime as dt
import uuid

import time_machine

from obligations.models import ProgressEntry
from obligations.services import record_progress
from tests.obligations import files

LOG = "/a/qazvin-ikrc-rural-1397/commitments/B5/log/"
NOW = dt.datetime(2024, 9, 1, 9, 0, tzinfo=dt.UTC)


def test_djangos_own_limit_messages_use_persian_digits(client, rural_staff, agreement):
    client.force_login(rural_staff)
    data = {
        "submission_key": str(uuid.uuid4()),
        "happened_on": "۱۳۹۸/۰۱/۱۵",
        "reported_status": "in_progress",
        "percent_complete": "۱۵۰",
        "narrative": "x",
    }
    errors = client.post(LOG, data).context["form"].errors["percent_complete"]
    assert any("۱۰۰" in error for error in errors), errors
    assert not any("100" in error for error in errors)
    client.post("/en" + LOG, data | {"happened_on": "2019-04-04"})
    english = client.post("/en" + LOG, data | {"happened_on": "2019-04-04"}).context["form"].errors
    assert any("100" in error for error in english["percent_complete"])


@time_machine.travel(NOW, tick=False)
def test_an_edited_entry_is_prefilled_in_persian_digits(client, rural_staff, commitment, agreement):
    entry, _ = record_progress(
        commitment=commitment("B5"),
        author=rural_staff,
        happened_on=dt.date(2024, 5, 1),
        reported_status="in_progress",
        percent_complete=40,
        narrative="x",
    )
    client.force_login(rural_staff)
    html = client.get(f"/entries/{entry.pk}/edit/").content.decode()
    assert 'value="۴۰"' in html and 'value="۱۴۰۳/۰۲/۱۲"' in html
    english = client.get(f"/en/entries/{entry.pk}/edit/").content.decode()
    assert 'value="40"' in english and 'value="2024-05-01"' in english


def test_file_names_are_isolated_and_sizes_in_persian_digits(client, rural_staff, monitor, agreement):
    client.force_login(rural_staff)
    client.post(
        "/en" + LOG,
        {
            "submission_key": str(uuid.uuid4()),
            "happened_on": "2019-04-04",
            "reported_status": "in_progress",
            "narrative": "x",
            "evidence": files.upload("عکس محل پروژه.png", files.PNG),
        },
    )
    entry = ProgressEntry.objects.get()
    timeline = client.get("/a/qazvin-ikrc-rural-1397/commitments/B5/").content.decode()
    assert '<bdi>عکس محل پروژه.png</bdi></span></a> <span class="muted">(۱ KB)</span>' in timeline
    client.force_login(monitor)
    review = client.get(f"/a/qazvin-ikrc-rural-1397/review/{entry.pk}/").content.decode()
    assert "<bdi>عکس محل پروژه.png</bdi>" in review and "(۱ KB)" in review


def test_an_entry_is_stored_as_typed_and_found_however_it_is_searched(client, rural_staff, superuser, agreement):
    client.force_login(rural_staff)
    narrative = "«تأیید» شد؛ خانۀ بهداشت روستا و مسجد إمام"
    response = client.post(
        LOG,
        {
            "submission_key": str(uuid.uuid4()),
            "happened_on": "۱۳۹۸/۰۱/۱۵",
            "reported_status": "in_progress",
            "narrative": narrative,
            "village": "خانۀ إمام",
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    entry = ProgressEntry.objects.get()
    assert (entry.narrative, entry.village) == (narrative, "خانۀ إمام")
    timeline = client.get("/a/qazvin-ikrc-rural-1397/commitments/B5/").content.decode()
    assert "«تأیید»" in timeline and "خانۀ بهداشت" in timeline
    client.force_login(superuser)
    for typed in ["تایید", "تأیید", "خانه بهداشت", "امام", "إمام"]:
        found = client.get("/en/admin/obligations/progressentry/", {"q": typed}).context["cl"].result_list
        assert [row.pk for row in found] == [entry.pk], typed
