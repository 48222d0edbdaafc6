"""A quarterly report is issued now and sealed later, as the minutes are: with the timestamp
authority down the issue completes (number, figures, quarter lock, the members told), the
unsealed file is not offered and the pages say "sealing…"; the retried job (reports/sealing.py,
`manage.py seal_pending`) seals it once the authority answers, and its SHA-256 is final then.
A real timestamp authority in a process of its own, stopped and started again."""

import hashlib
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from agreement.pdf.seal import seals_in
from monitoring.models import QuarterLock
from notifications.models import Notification
from reports.issue import issue_report
from reports.models import IssuedReport
from tests.reports.conftest import QUARTER, cover_text, needs_poppler
from tests.seal_pki import free_port, tsa_process

pytestmark = needs_poppler
R = "qazvin-ikrc-rural-1397"


@pytest.fixture(autouse=True)
def _frozen_after_the_quarter():
    """Not frozen here: the timestamp authority runs in a process of its own, on the real clock,
    and a seal whose timestamp is later than the frozen "now" would not validate (the quarter,
    1403 Q3, is long over either way)."""
    yield


def _stored(report) -> bytes:
    report.refresh_from_db()
    with report.pdf.open("rb") as handle:
        return handle.read()


def _verify(client, *, pdf: bytes | None = None, code: str = "") -> str:
    data = {"file": SimpleUploadedFile("r.pdf", pdf, content_type="application/pdf")} if pdf else {"code": code}
    return client.post("/en/reports/verify/", data).content.decode()


def test_a_report_issued_while_the_authority_is_down_is_sealed_when_it_is_back(
    sealing, settings, client, django_capture_on_commit_callbacks, agreement, quarter_data, monitor, tmp_path
):
    port = free_port()
    settings.PEYMAN_SEAL_TSA_URL = f"http://127.0.0.1:{port}/peyman/tsa/tsa"
    with tsa_process(sealing, tmp_path, port) as tsa:
        tsa.terminate()
        tsa.wait(timeout=10)
        report = issue_report(
            agreement=agreement, period=QUARTER, language="en", issued_by=monitor, accept_unevaluated=True
        )
    # Issued: its number, figures and the quarter's lock are final, the members are told.
    report.refresh_from_db()
    assert report.report_number.endswith("-EN-R1") and report.snapshot["completeness"]
    assert QuarterLock.is_locked(agreement, QUARTER)
    assert Notification.objects.filter(event_key=f"report_issued:{report.pk}").exists()
    assert (report.sealing, report.sha256, report.sealing_tries) == ("pending", "", 1)
    assert report.sealing_error.startswith("TimestampRequestError")
    unsealed = _stored(report)
    assert seals_in(unsealed) == [] and report.verification_code in cover_text(unsealed)

    # Not offered while it waits; the pages say so.
    client.force_login(monitor)
    listing = client.get(f"/en/a/{R}/reports/").content.decode()
    assert "sealing…" in listing and f"/reports/{report.pk}/download/" not in listing
    assert client.get(f"/en/a/{R}/reports/{report.pk}/download/").status_code == 302
    by_code = _verify(client, code=report.verification_code)
    assert report.report_number in by_code and "sealing…" in by_code
    assert "Not authentic" in _verify(client, pdf=unsealed)
    out = io.StringIO()
    call_command("seal_pending", "--list", stdout=out)
    assert f"{report.report_number}: sealing for" in out.getvalue() and "1 failed tries" in out.getvalue()
    call_command("renew_seal_timestamps", stdout=io.StringIO())  # skips it: nothing to renew yet
    assert _stored(report) == unsealed

    with tsa_process(sealing, tmp_path, port), django_capture_on_commit_callbacks(execute=True):
        call_command("seal_pending", stdout=out)
    assert "1 reports" in out.getvalue()
    sealed = _stored(report)
    assert (report.sealing, report.sealing_tries, report.sealing_error) == ("done", 0, "")
    assert report.sha256 == hashlib.sha256(sealed).hexdigest() and report.size == len(sealed)
    assert sealed.startswith(unsealed) and sealed[:8] == b"%PDF-1.7"  # the seal as an incremental update
    [seal] = seals_in(sealed)
    assert seal.valid and seal.ltv and seal.kind == "certification" and seal.field == "MonitorSeal"
    assert IssuedReport.objects.get(pk=report.pk).verification_code in cover_text(sealed)
    answer = _verify(client, pdf=sealed)
    assert "Authentic: this file is an issued report" in answer and report.sha256 in answer
    download = client.get(f"/en/a/{R}/reports/{report.pk}/download/")
    assert download.status_code == 200 and b"".join(download.streaming_content) == sealed
    assert "sealing…" not in client.get(f"/en/a/{R}/reports/").content.decode()
    # A second run finds nothing to do.
    assert IssuedReport.objects.filter(sealing="pending").count() == 0


def test_a_report_is_sealed_at_once_when_the_authority_answers(sealing, agreement, quarter_data, monitor):
    report = issue_report(
        agreement=agreement, period=QUARTER, language="fa", issued_by=monitor, accept_unevaluated=True
    )
    assert (report.sealing, report.sealing_tries) == ("done", 0)
    assert report.sha256 == hashlib.sha256(_stored(report)).hexdigest()
