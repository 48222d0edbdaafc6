"""The verification page reports the electronic seals an uploaded file carries (signer, seal,
time, coverage, what changed after it, long-term validation), and offers the chain for download."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from agreement.pdf import html_to_pdf
from agreement.pdf.seal import key_for, seal_pdf
from tests.reports.conftest import make_issued
from tests.seal_pki import MONITOR

URL = "report_verify"


@pytest.fixture(scope="module")
def unsealed():
    return html_to_pdf("<html lang='en'><body><h1>Issued report</h1><p>Figures.</p></body></html>")


@pytest.fixture
def sealed_report(sealing, unsealed, agreement, monitor):
    pdf = seal_pdf(unsealed, key_for(MONITOR), field_name="MonitorSeal", certify=True)
    return make_issued(agreement, monitor, content=pdf), pdf


def _upload(content: bytes):
    return SimpleUploadedFile("report.pdf", content, content_type="application/pdf")


def test_a_sealed_issued_report_shows_its_valid_long_term_seal(client, sealed_report, outsider):
    report, pdf = sealed_report
    client.force_login(outsider)
    response = client.post(reverse(URL), {"file": _upload(pdf)})
    assert response.status_code == 200 and response.context["found"] == report
    [seal] = response.context["seals"]
    assert seal.valid and seal.ltv
    page = response.content.decode()
    for text in ("Relief Committee Qazvin seal", "مهر گواهی‌کننده", "معتبر", "تنها داده‌های اعتبارسنجی", "بله"):
        assert text in page, text
    assert reverse("report_verify_chain") in page


def test_a_flipped_byte_makes_the_page_say_the_sealed_contents_changed(client, sealed_report, outsider, unsealed):
    _report, pdf = sealed_report
    flipped = bytearray(pdf)
    flipped[len(unsealed) // 2] ^= 0x01
    client.force_login(outsider)
    response = client.post(reverse(URL), {"file": _upload(bytes(flipped))})
    assert response.context["found"] is None
    [seal] = response.context["seals"]
    assert not seal.intact
    assert "نامعتبر: محتوای مهرشده تغییر کرده است" in response.content.decode()


def test_an_unsealed_file_is_said_to_carry_no_seal(client, agreement, monitor, outsider, unsealed):
    make_issued(agreement, monitor, content=unsealed)
    client.force_login(outsider)
    response = client.post("/en" + reverse(URL), {"file": _upload(unsealed)})
    assert response.context["seals"] == []
    assert "This file carries no electronic seal" in response.content.decode()


def test_the_chain_downloads_for_anyone_signed_in(client, sealing, outsider):
    assert client.get(reverse("report_verify_chain")).status_code == 302  # to the sign-in page
    client.force_login(outsider)
    response = client.get(reverse("report_verify_chain"))
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="peyman-seal-chain.pem"'
    # The root and both parties' seal certificates, each once.
    assert response.content.count(b"-----BEGIN CERTIFICATE-----") == 3


def test_without_trust_roots_there_is_no_chain(client, settings, outsider):
    settings.PEYMAN_SEAL_TRUST_ROOTS = []
    client.force_login(outsider)
    assert client.get(reverse("report_verify_chain")).status_code == 404
