"""Files sent one by one after their entry, keyed by SHA-256: checked, stored once, never asked twice."""

import hashlib
import json

import pytest
import time_machine

from fieldlog.models import ExpectedFile
from obligations.models import Evidence, ProgressEntry
from obligations.services import withdraw_entry
from tests.fieldlog.test_entry_api import NOW, payload, post
from tests.obligations import files


@pytest.fixture(autouse=True)
def _frozen_time():
    with time_machine.travel(NOW, tick=False):
        yield


PHOTO = files.photo(800, 600)
SCAN = files.PDF


def _sha(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def _declare(client, *contents):
    data = payload(files=[{"sha256": _sha(c), "name": f"f{i}.jpg", "size": len(c)} for i, c in enumerate(contents)])
    answer = post(client, data).json()
    return data["submission_key"], answer


def put(client, key, content, sha=None, content_type="image/jpeg"):
    return client.generic(
        "PUT", f"/field/api/entries/{key}/files/{sha or _sha(content)}", content, content_type=content_type
    )


def test_files_arrive_one_by_one_and_the_entry_says_what_it_still_expects(client, rural_staff):
    client.force_login(rural_staff)
    key, answer = _declare(client, PHOTO, SCAN)
    assert answer["missing"] == [_sha(PHOTO), _sha(SCAN)]
    first = put(client, key, PHOTO)
    assert first.status_code == 201 and first.json()["missing"] == [_sha(SCAN)]
    assert client.get(f"/field/api/entries/{key}").json()["missing"] == [_sha(SCAN)]
    assert put(client, key, SCAN, content_type="application/pdf").status_code == 201
    entry = ProgressEntry.objects.get()
    stored = {evidence.sha256: evidence for evidence in Evidence.objects.filter(entry=entry)}
    assert set(stored) == {_sha(PHOTO), _sha(SCAN)}
    assert stored[_sha(PHOTO)].content_type == "image/jpeg" and stored[_sha(PHOTO)].original_name == "f0.jpg"
    assert stored[_sha(SCAN)].original_name == "f1.pdf"  # the name follows the content, as in the form
    assert entry.version == 3  # each file raised it: the timeline card is drawn again
    assert client.get(f"/field/api/entries/{key}").json()["missing"] == []


def test_a_file_already_received_answers_at_once_without_storing_it_again(client, rural_staff):
    client.force_login(rural_staff)
    key, _ = _declare(client, PHOTO)
    put(client, key, PHOTO)
    again = put(client, key, b"", sha=_sha(PHOTO))  # not even the bytes are needed
    assert again.status_code == 200 and again.json()["missing"] == []
    assert Evidence.objects.count() == 1


def test_bytes_that_do_not_match_the_fingerprint_are_refused(client, rural_staff):
    client.force_login(rural_staff)
    key, _ = _declare(client, PHOTO)
    damaged = put(client, key, PHOTO[:-10], sha=_sha(PHOTO))
    assert damaged.status_code == 422 and damaged.json()["error"] == "hash_mismatch"
    assert Evidence.objects.count() == 0 and ExpectedFile.objects.missing().count() == 1


def test_a_file_not_announced_or_not_evidence_is_refused(client, rural_staff):
    client.force_login(rural_staff)
    key, _ = _declare(client, PHOTO, b"MZ not a photo")
    assert put(client, key, SCAN).json()["error"] == "unexpected_file"
    refused = put(client, key, b"MZ not a photo")
    assert refused.status_code == 422 and refused.json()["error"] == "file_refused"
    assert refused.json()["messages"]
    assert Evidence.objects.count() == 0


def test_only_the_author_sends_files_to_an_entry(client, rural_staff, rural_focal):
    client.force_login(rural_staff)
    key, _ = _declare(client, PHOTO)
    client.force_login(rural_focal)
    assert put(client, key, PHOTO).json()["error"] == "unknown_entry"
    assert client.get(f"/field/api/entries/{key}").status_code == 404
    client.logout()
    assert put(client, key, PHOTO).status_code == 401
    assert Evidence.objects.count() == 0


def test_a_file_for_a_withdrawn_entry_is_refused(client, rural_staff):
    client.force_login(rural_staff)
    key, _ = _declare(client, PHOTO)
    entry = ProgressEntry.objects.get()
    withdraw_entry(entry=entry, reason="اشتباه", expected_version=entry.version)
    response = put(client, key, PHOTO)
    assert response.status_code == 409 and response.json()["error"] == "entry_closed"
    assert json.loads(response.content)["reason"]
