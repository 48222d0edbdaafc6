"""PAdES B-LTA: `manage.py renew_seal_timestamps` (run yearly) adds a document timestamp to sealed
issued documents before their timestamp authority's certificate expires; a copy downloaded before
that is still found authentic."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from agreement.pdf import html_to_pdf
from agreement.pdf.issued import store_issued_pdf
from agreement.pdf.seal import key_for, seal_pdf, seals_in
from tests.reports.conftest import make_issued
from tests.seal_pki import MONITOR


def _stored(document) -> bytes:
    with document.pdf.open("rb") as handle:
        return handle.read()


def test_a_document_timestamp_is_added_before_the_timestamps_expire(sealing, settings, agreement, monitor, client):
    html = "<html lang='en'><head><meta name=keywords content='{code}'></head><body><h1>Report</h1></body></html>"
    report = make_issued(agreement, monitor)
    sealed = seal_pdf(html_to_pdf(html.format(code=report.verification_code)), key_for(MONITOR), field_name="S")
    report.pdf.delete(save=False)
    store_issued_pdf(report, sealed)

    # The test TSA's certificate runs to 2100: not due within a year, so nothing changes.
    settings.PEYMAN_SEAL_RENEW_DAYS = 400
    out = io.StringIO()
    call_command("renew_seal_timestamps", stdout=out)
    assert "0 of 1" in out.getvalue() and _stored(report) == sealed

    settings.PEYMAN_SEAL_RENEW_DAYS = 365 * 100
    call_command("renew_seal_timestamps", stdout=out)
    report.refresh_from_db()
    renewed = _stored(report)
    assert renewed.startswith(sealed) and renewed[:8] == b"%PDF-1.7"
    assert report.size == len(renewed) and report.history.count() >= 2
    seal, stamp = seals_in(renewed)
    assert (seal.kind, stamp.kind) == ("approval", "timestamp")
    assert seal.valid and seal.ltv and seal.modified_after == "LTA_UPDATES"
    assert stamp.valid and stamp.ltv and stamp.signer == "Test timestamp authority"

    # The copy downloaded before the archive timestamp is still the issued document.
    client.force_login(monitor)
    upload = SimpleUploadedFile("old.pdf", sealed, content_type="application/pdf")
    assert client.post(reverse("report_verify"), {"file": upload}).context["found"] == report
    tampered = bytearray(sealed)
    tampered[100] ^= 0x01
    upload = SimpleUploadedFile("bad.pdf", bytes(tampered), content_type="application/pdf")
    assert client.post(reverse("report_verify"), {"file": upload}).context["found"] is None
