"""Files through STORAGES: an S3-compatible object store replaces the local folder by configuration alone.

moto stands in for the object store at the S3 API level (botocore's requests are answered in-process),
so django-storages, boto3 and every request they make are the real ones.
"""

import io
import uuid

import boto3
import pytest
from django.core.exceptions import ImproperlyConfigured
from moto import mock_aws
from PIL import Image

from config.env import file_storage_from_env
from obligations.models import Evidence
from reports.issue import issue_report
from tests.obligations import files
from tests.reports.conftest import QUARTER, populate_quarter

BUCKET = "peyman-files"
S3_ENV = {
    "PEYMAN_FILE_STORAGE": "s3",
    "PEYMAN_S3_BUCKET": BUCKET,
    "PEYMAN_S3_REGION": "us-east-1",
    "PEYMAN_S3_ACCESS_KEY": "test-access",
    "PEYMAN_S3_SECRET_KEY": "test-secret",
    "PEYMAN_S3_PREFIX": "qazvin/",
}


@pytest.fixture
def object_store(settings, monkeypatch, tmp_path):
    for name, value in S3_ENV.items():
        monkeypatch.setenv(name, value)
    with mock_aws():
        s3 = boto3.client("s3", region_name="us-east-1")
        s3.create_bucket(Bucket=BUCKET)
        settings.STORAGES = {**settings.STORAGES, "default": file_storage_from_env()}
        yield s3


def stored_keys(s3) -> list[str]:
    return [item["Key"] for item in s3.list_objects_v2(Bucket=BUCKET).get("Contents", [])]


def test_evidence_goes_to_the_bucket_and_comes_back_through_the_permission_checked_view(
    client, object_store, rural_staff, monitor, settings
):
    client.force_login(rural_staff)
    response = client.post(
        "/en/a/qazvin-ikrc-rural-1397/commitments/B5/log/",
        {
            "submission_key": str(uuid.uuid4()),
            "happened_on": "2019-01-10",
            "reported_status": "in_progress",
            "narrative": "بازدید میدانی",
            "evidence": files.upload("صورتجلسه شورا.pdf", files.PDF),
        },
    )
    assert response.status_code == 302
    evidence = Evidence.objects.get()
    assert stored_keys(object_store) == [f"qazvin/{evidence.file.name}"]
    assert not (settings.MEDIA_ROOT).exists()  # nothing written to the local folder

    client.force_login(monitor)
    download = client.get(f"/en/evidence/{evidence.pk}/")
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == files.PDF


def test_a_second_file_of_the_same_name_does_not_replace_the_first(object_store, agreement):
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    first = default_storage.save("evidence/photo.jpg", ContentFile(b"first"))
    second = default_storage.save("evidence/photo.jpg", ContentFile(b"second"))
    assert first != second
    assert default_storage.open(first).read() == b"first"


def test_an_issued_report_is_stored_in_the_bucket_with_its_hash(
    object_store, agreement, rural_staff, relief_staff, monitor
):
    populate_quarter(agreement, staff_b=rural_staff, staff_a=relief_staff, monitor=monitor)
    report = issue_report(
        agreement=agreement, period=QUARTER, language="fa", issued_by=monitor, accept_unevaluated=True
    )
    assert f"qazvin/{report.pdf.name}" in stored_keys(object_store)
    body = object_store.get_object(Bucket=BUCKET, Key=f"qazvin/{report.pdf.name}")["Body"].read()
    assert body.startswith(b"%PDF") and len(body) == report.size


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"PEYMAN_FILE_STORAGE": "ftp"}, "not one of local, s3"),
        ({"PEYMAN_FILE_STORAGE": "s3"}, "needs PEYMAN_S3_BUCKET"),
        ({"PEYMAN_FILE_STORAGE": "s3", "PEYMAN_S3_BUCKET": "b", "PEYMAN_S3_ADDRESSING_STYLE": "x"}, "path, virtual"),
    ],
)
def test_a_bad_storage_setting_stops_start_up_with_a_message(monkeypatch, env, message):
    for name in ("PEYMAN_FILE_STORAGE", "PEYMAN_S3_BUCKET", "PEYMAN_S3_ADDRESSING_STYLE"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    with pytest.raises(ImproperlyConfigured, match=message):
        file_storage_from_env()


def test_the_local_folder_is_the_default(monkeypatch):
    monkeypatch.delenv("PEYMAN_FILE_STORAGE", raising=False)
    assert file_storage_from_env() == {"BACKEND": "django.core.files.storage.FileSystemStorage"}


def test_a_photos_thumbnail_goes_to_the_bucket_too_and_is_served_from_it(
    client, object_store, rural_staff, monitor, settings
):
    client.force_login(rural_staff)
    client.post(
        "/en/a/qazvin-ikrc-rural-1397/commitments/B5/log/",
        {
            "submission_key": str(uuid.uuid4()),
            "happened_on": "2019-01-10",
            "reported_status": "in_progress",
            "narrative": "بازدید میدانی",
            "evidence": files.upload("عکس بازدید.jpg", files.photo()),
        },
    )
    evidence = Evidence.objects.get()
    thumbnail = evidence.thumbnail.file.name
    assert sorted(stored_keys(object_store)) == sorted([f"qazvin/{evidence.file.name}", f"qazvin/{thumbnail}"])
    assert not (settings.MEDIA_ROOT).exists()

    client.force_login(monitor)
    response = client.get(f"/en/evidence/{evidence.pk}/thumbnail/")
    assert response.status_code == 200
    assert Image.open(io.BytesIO(b"".join(response.streaming_content))).format == "JPEG"
