"""The device queue's entry endpoint: a resend is harmless, a conflict is told with its reason."""

import datetime as dt
import json
import uuid

import pytest
import time_machine
from django.test import Client

from agreement.jalali import Quarter
from agreement.models import Membership
from fieldlog.models import ExpectedFile
from monitoring.models import QuarterLock
from obligations.models import ProgressEntry

URL = "/field/api/entries/"
NOW = "2024-09-01 09:00:00+00:00"
SHA_A = "a" * 64
SHA_B = "b" * 64
AGREEMENT = "qazvin-ikrc-rural-1397"


@pytest.fixture(autouse=True)
def _frozen_time():
    with time_machine.travel(NOW, tick=False):
        yield


def payload(**overrides):
    data = {
        "submission_key": str(uuid.uuid4()),
        "form_version": 1,
        "agreement": AGREEMENT,
        "commitment": "B5",
        "fields": {
            "happened_on": "2024-08-20",
            "reported_status": "in_progress",
            "percent_complete": "۳۰",
            "narrative": "بازدید از روستا و دیدار با شورا.",
            "county": "",
            "village": "کوندج",
        },
        "device_time": "2024-08-20T07:30:00+03:30",
        "device_sent_at": "2024-09-01T12:29:00+03:30",
        "location": {"latitude": 36.19, "longitude": 49.93, "accuracy": 12.4},
        "files": [{"sha256": SHA_A, "name": "عکس ۱.jpg", "size": 1000}, {"sha256": SHA_B, "name": "b.jpg", "size": 20}],
    }
    data.update(overrides)
    return data


def post(client, data, *, language=""):
    return client.post(f"{language}{URL}", json.dumps(data), content_type="application/json")


def test_a_new_key_makes_the_entry_with_its_field_truth_and_expected_files(client, rural_staff):
    client.force_login(rural_staff)
    data = payload()
    response = post(client, data)
    assert response.status_code == 201
    body = response.json()
    entry = ProgressEntry.objects.get()
    assert str(entry.submission_key) == data["submission_key"] == body["submission_key"]
    assert (entry.percent_complete, entry.village, entry.narrative) == (30, "کوندج", "بازدید از روستا و دیدار با شورا.")
    assert entry.device_recorded_at.isoformat() == "2024-08-20T04:00:00+00:00"
    assert entry.device_clock_offset == 60  # the device's clock was a minute behind
    assert not entry.device_clock_is_off
    assert (float(entry.latitude), float(entry.longitude), entry.location_accuracy) == (36.19, 49.93, 12)
    assert sorted(body["missing"]) == [SHA_A, SHA_B]
    assert list(ExpectedFile.objects.values_list("name", flat=True)) == ["عکس ۱.jpg", "b.jpg"]
    assert body["created"] is True and body["url"].endswith(f"#entry-{entry.pk}")


def test_the_same_key_and_content_again_answers_200_with_the_saved_entry(client, rural_staff):
    client.force_login(rural_staff)
    data = payload()
    first = post(client, data).json()
    # Sent again later (the first answer was lost): another send time, the same entry.
    again = post(client, {**data, "device_sent_at": "2024-09-01T12:35:00+03:30"})
    assert again.status_code == 200
    assert again.json()["id"] == first["id"] and again.json()["created"] is False
    assert ProgressEntry.objects.count() == 1 and ExpectedFile.objects.count() == 2


def test_the_same_key_with_other_content_is_a_conflict(client, rural_staff):
    client.force_login(rural_staff)
    data = payload()
    post(client, data)
    changed = post(client, {**data, "fields": {**data["fields"], "narrative": "متن دیگر"}})
    assert changed.status_code == 409
    assert changed.json()["error"] == "changed"
    other_files = post(client, {**data, "files": data["files"][:1]})
    assert other_files.status_code == 409
    assert ProgressEntry.objects.get().narrative == data["fields"]["narrative"]


def test_someone_elses_key_is_a_conflict_and_reveals_nothing(client, rural_staff, rural_focal):
    client.force_login(rural_staff)
    data = payload()
    post(client, data)
    client.force_login(rural_focal)
    response = post(client, data)
    assert response.status_code == 409
    assert "id" not in response.json() and ProgressEntry.objects.count() == 1


@pytest.mark.parametrize(
    ("persona", "status", "code"),
    [
        (None, 401, "signed_out"),
        ("outsider", 404, "not_open"),
        ("rural_viewer", 403, "role_lost"),
        ("relief_staff", 403, "role_lost"),  # B5 is the rural office's
        ("monitor", 403, "role_lost"),
        ("rural_focal", 201, None),
        ("rural_staff", 201, None),
        ("superuser", 403, "role_lost"),  # administrators read, the parties log
    ],
)
def test_each_role_gets_what_the_log_form_gives_it(db, client, request, persona, status, code):
    if persona:
        client.force_login(request.getfixturevalue(persona))
    response = post(client, payload())
    assert response.status_code == status
    assert response["Content-Type"] == "application/json"
    if code:
        assert response.json()["error"] == code and response.json()["reason"]
        assert ProgressEntry.objects.count() == 0


def test_a_joint_commitment_takes_a_committee_member_of_a_party(client, rural_member):
    client.force_login(rural_member)
    assert post(client, payload(commitment="J1")).status_code == 201


def test_the_role_lost_after_the_entry_was_saved_still_answers_the_resend(client, rural_staff):
    client.force_login(rural_staff)
    data = payload()
    post(client, data)
    Membership.objects.filter(user=rural_staff).update(role=Membership.Role.VIEWER)
    rural_staff.refresh_from_db()
    assert post(client, data).status_code == 200  # it was saved: say so
    lost = post(client, payload())
    assert lost.status_code == 403 and lost.json()["error"] == "role_lost"


def test_a_locked_quarter_is_told_in_the_persons_language(client, rural_staff, monitor, agreement):
    period = Quarter.containing(dt.date(2024, 8, 20))
    QuarterLock.objects.create(agreement=agreement, year=period.year, quarter=period.number, changed_by=monitor)
    client.force_login(rural_staff)
    persian = post(client, payload())
    assert persian.status_code == 409
    assert persian.json()["error"] == "quarter_locked"
    assert "قفل" in persian.json()["reason"]
    english = post(client, payload(), language="/en")
    assert english.json()["reason"].startswith("The quarter of this date (Q2 1403 (Tir–Shahrivar)) is locked")
    assert ProgressEntry.objects.count() == 0


def test_an_agreement_past_its_end_is_told_with_the_services_reason(client, rural_staff, agreement):
    # The term ended yesterday (terms keeps the agreement's end date): the same refusal as the form's.
    agreement.ends_on = dt.date(2024, 8, 31)
    agreement.save(update_fields=["ends_on"])
    client.force_login(rural_staff)
    persian = post(client, payload())
    assert persian.status_code == 409
    assert persian.json()["error"] == "commitment_closed"
    assert "۱۴۰۳/۰۶/۱۰" in persian.json()["reason"]
    english = post(client, payload(), language="/en")
    assert english.json()["reason"].startswith("The agreement's term ended on")
    assert ProgressEntry.objects.count() == 0


def test_fields_are_checked_by_the_log_forms_own_rules(client, rural_staff):
    client.force_login(rural_staff)
    data = payload()
    data["fields"] = {**data["fields"], "happened_on": "2024-09-05", "narrative": ""}
    response = post(client, data, language="/en")
    assert response.status_code == 422
    body = response.json()
    assert body["error"] == "invalid"
    assert body["fields"]["happened_on"] == ["The date of the work cannot be in the future."]
    assert "narrative" in body["fields"]
    assert ProgressEntry.objects.count() == 0


@pytest.mark.parametrize(
    "broken",
    [
        {"submission_key": "not-a-key"},
        {"form_version": 99},
        {"files": [{"sha256": "xyz", "name": "a", "size": 1}]},
        {"files": [{"sha256": SHA_A, "name": "a", "size": 1}, {"sha256": SHA_A, "name": "b", "size": 1}]},
        {"files": [{"sha256": SHA_A, "name": "a", "size": 0}]},
    ],
)
def test_a_malformed_request_is_refused_whole(client, rural_staff, broken):
    client.force_login(rural_staff)
    response = post(client, payload(**broken))
    assert response.status_code == 400 and response.json()["error"] == "bad_request"
    assert ProgressEntry.objects.count() == 0


def test_a_write_without_the_csrf_token_is_refused_as_json(rural_staff):
    client = Client(enforce_csrf_checks=True)
    client.force_login(rural_staff)
    refused = post(client, payload())
    assert refused.status_code == 403 and refused.json()["error"] == "csrf"
    token = client.get("/field/api/session").json()["csrf_token"]
    accepted = client.post(URL, json.dumps(payload()), content_type="application/json", headers={"X-CSRFToken": token})
    assert accepted.status_code == 201


def test_a_signed_out_request_is_never_redirected(db, client):
    for response in (client.get("/field/api/session"), client.get("/field/api/kit"), post(client, payload())):
        assert response.status_code == 401 and response.json()["error"] == "signed_out"
        assert "Location" not in response


def test_the_review_page_flags_a_device_clock_more_than_a_day_off(client, rural_staff, monitor):
    client.force_login(rural_staff)
    post(client, payload(device_sent_at="2024-08-30T09:00:00+00:00"))  # two days behind
    entry = ProgressEntry.objects.get()
    assert entry.device_clock_is_off
    client.force_login(monitor)
    page = client.get(f"/en/a/{AGREEMENT}/review/{entry.pk}/").content.decode()
    assert "data-clock-off" in page and "more than a day off" in page
    assert "36.19000, 49.93000" in page and "accurate to about 12 m" in page


def test_the_kit_lists_only_what_the_persons_party_may_log_on(client, rural_staff, relief_staff):
    client.force_login(rural_staff)
    kit = client.get("/field/api/kit").json()
    (agreement,) = kit["agreements"]
    numbers = {commitment["number"] for commitment in agreement["commitments"]}
    assert "B5" in numbers and not any(number.startswith("A") for number in numbers)
    assert agreement["counties"] and kit["form_version"] == 1
    client.force_login(relief_staff)
    relief_numbers = {c["number"] for c in client.get("/field/api/kit").json()["agreements"][0]["commitments"]}
    assert not any(number.startswith("B") for number in relief_numbers)


def test_a_record_made_by_someone_else_on_the_device_is_never_saved_under_this_session(
    client, rural_staff, rural_focal
):
    # A shared phone: the record was made while rural_focal was signed in; rural_staff is now.
    client.force_login(rural_staff)
    response = post(client, payload(user=rural_focal.pk), language="/en")
    assert response.status_code == 403
    assert response.json()["error"] == "other_user"
    assert "someone else" in response.json()["reason"]
    assert ProgressEntry.objects.count() == 0
    assert post(client, payload(user=rural_staff.pk)).status_code == 201  # its own records go through


def test_the_session_endpoint_names_who_is_signed_in(client, rural_staff, rural_focal):
    client.force_login(rural_staff)
    assert client.get("/field/api/session").json()["user"] == rural_staff.pk
    client.force_login(rural_focal)  # a different person on the same browser
    assert client.get("/field/api/session").json()["user"] == rural_focal.pk
