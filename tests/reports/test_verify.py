"""Verification: a file is authentic only byte for byte; a code names its report and revision."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from agreement.pdf.issued import normalise_code
from reports.issue import issue_report
from tests.reports.conftest import QUARTER, make_issued

URL = "report_verify"


def _upload(content: bytes, name="report.pdf"):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def test_an_issued_file_is_authentic_and_a_tampered_copy_is_not(client, agreement, quarter_data, monitor, outsider):
    report = issue_report(
        agreement=agreement, period=QUARTER, language="fa", issued_by=monitor, accept_unevaluated=True
    )
    with report.pdf.open("rb") as handle:
        original = handle.read()
    # Anyone signed in may verify, even someone outside the agreement.
    client.force_login(outsider)
    response = client.post(reverse(URL), {"file": _upload(original)})
    assert response.status_code == 200
    assert response.context["found"] == report
    assert report.report_number in response.content.decode()
    tampered = bytearray(original)
    tampered[len(tampered) // 2] ^= 0x01
    response = client.post(reverse(URL), {"file": _upload(bytes(tampered))})
    assert response.context["checked"] == "file"
    assert response.context["found"] is None


def test_a_code_is_found_however_it_is_typed(client, agreement, monitor, rural_viewer):
    report = make_issued(agreement, monitor)
    client.force_login(rural_viewer)
    typed = report.verification_code.replace("-", " ").lower()
    response = client.post(reverse(URL), {"code": typed})
    assert response.context["found"] == report
    assert normalise_code(typed) == report.verification_code


def test_an_unknown_code_is_not_authentic(client, rural_viewer, agreement):
    client.force_login(rural_viewer)
    response = client.post(reverse(URL), {"code": "ABCDE-FGHJK"})
    assert response.context["checked"] == "code" and response.context["found"] is None


def test_a_replaced_revision_says_it_was_replaced(client, agreement, monitor, rural_viewer):
    first = make_issued(agreement, monitor)
    second = make_issued(agreement, monitor, revision=2, replaces=first)
    client.force_login(rural_viewer)
    response = client.post(reverse(URL), {"code": first.verification_code})
    assert second.report_number in response.content.decode()


def test_nothing_to_check_is_an_error_next_to_the_form(client, rural_viewer, agreement):
    client.force_login(rural_viewer)
    response = client.post(reverse(URL), {"code": ""})
    assert response.status_code == 400
    assert response.context["form"].non_field_errors()


def test_anonymous_visitors_verify_only_when_the_setting_allows_it(client, settings, agreement, monitor):
    report = make_issued(agreement, monitor)
    settings.PEYMAN_PUBLIC_VERIFICATION = False
    assert client.post(reverse(URL), {"code": report.verification_code}).status_code == 302
    settings.PEYMAN_PUBLIC_VERIFICATION = True
    assert client.get(reverse(URL)).status_code == 200
    assert client.post(reverse(URL), {"code": report.verification_code}).context["found"] == report
