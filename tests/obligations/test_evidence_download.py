"""Evidence is served only through the permission-checking view, under its original name."""

import uuid
from urllib.parse import quote

import pytest
from django.conf import settings as django_settings

from obligations.models import Evidence
from tests.factories import READERS
from tests.obligations import files


@pytest.fixture
def evidence(client, rural_staff, agreement):
    client.force_login(rural_staff)
    data = {
        "submission_key": str(uuid.uuid4()),
        "happened_on": "2019-01-10",
        "reported_status": "in_progress",
        "narrative": "x",
        "evidence": files.upload("صورتجلسه شورا.pdf", files.PDF),
    }
    client.post("/en/a/qazvin-ikrc-rural-1397/commitments/B5/log/", data)
    client.logout()
    return Evidence.objects.get()


@pytest.mark.parametrize("persona", READERS)
def test_everyone_who_reads_the_agreement_downloads_the_file(client, request, persona, evidence):
    client.force_login(request.getfixturevalue(persona))
    response = client.get(f"/en/evidence/{evidence.pk}/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == files.PDF


def test_the_original_persian_name_and_safe_headers_are_sent(client, rural_viewer, evidence):
    client.force_login(rural_viewer)
    response = client.get(f"/evidence/{evidence.pk}/")
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert f"filename*=utf-8''{quote('صورتجلسه شورا.pdf')}" in disposition
    assert "%D8%B5%D9%88%D8%B1%D8%AA" in disposition  # percent-encoded UTF-8, as RFC 5987 wants


def test_an_unexpected_stored_type_is_sent_as_plain_bytes(client, rural_viewer, evidence):
    Evidence.objects.filter(pk=evidence.pk).update(content_type="text/html")
    client.force_login(rural_viewer)
    assert client.get(f"/evidence/{evidence.pk}/")["Content-Type"] == "application/octet-stream"


def test_outsiders_get_404_and_anonymous_visitors_sign_in(client, outsider, evidence):
    assert client.get(f"/en/evidence/{evidence.pk}/")["Location"].startswith("/en/accounts/login/")
    client.force_login(outsider)
    assert client.get(f"/en/evidence/{evidence.pk}/").status_code == 404
    assert client.get("/en/evidence/999999/").status_code == 404


def test_files_are_not_under_a_public_url(client, rural_viewer, evidence):
    client.force_login(rural_viewer)
    for url in (f"{django_settings.MEDIA_URL}{evidence.file.name}", f"/media/{evidence.file.name}"):
        assert client.get(url).status_code == 404


def test_a_persian_name_keeps_its_zwnj_through_upload_and_download_with_an_ascii_fallback(client, rural_staff):
    client.force_login(rural_staff)
    data = {
        "submission_key": str(uuid.uuid4()),
        "happened_on": "2019-01-10",
        "reported_status": "in_progress",
        "narrative": "x",
        "evidence": files.upload("گزارش‌های ۱۴۰۳.pdf", files.PDF),
    }
    client.post("/en/a/qazvin-ikrc-rural-1397/commitments/B5/log/", data)
    evidence = Evidence.objects.get()
    assert evidence.original_name == "گزارش‌های ۱۴۰۳.pdf"
    disposition = client.get(f"/evidence/{evidence.pk}/")["Content-Disposition"]
    # ASCII fallback first for old clients, then the exact name with its ZWNJ (%E2%80%8C), RFC 5987.
    assert disposition == (
        "attachment; filename=\"1403.pdf\"; filename*=utf-8''"
        "%DA%AF%D8%B2%D8%A7%D8%B1%D8%B4%E2%80%8C%D9%87%D8%A7%DB%8C%20%DB%B1%DB%B4%DB%B0%DB%B3.pdf"
    )


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("scan.pdf", 'attachment; filename="scan.pdf"'),
        ("شورا.pdf", "attachment; filename=\"download.pdf\"; filename*=utf-8''%D8%B4%D9%88%D8%B1%D8%A7.pdf"),
        ('a"b\\c.pdf', "attachment; filename=\"a b c.pdf\"; filename*=utf-8''a%22b%5Cc.pdf"),
    ],
)
def test_content_disposition_quotes_nothing_unsafe(name, expected):
    from agreement.downloads import content_disposition

    assert content_disposition(name) == expected
