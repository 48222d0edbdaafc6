"""Every view of the reports area × every role × GET and POST."""

import hashlib

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from reports.models import IssuedReport, ReportJob
from tests.factories import PERSONAS as ROLES
from tests.reports.conftest import QUARTER, make_issued


def _expected(view, method, role):
    """The rule book: anonymous → sign-in, outside the agreement → 404, readers → read, monitors → write."""
    if role == "anonymous":
        return 302
    if view == "verify":
        return 200
    wrong_verb = {
        "list": "POST",
        "preview": "GET",
        "download": "POST",
        "job": "POST",
        "job_pdf": "POST",
        "job_retry": "GET",
    }
    if wrong_verb.get(view) == method:
        return 405
    if role == "outsider":
        return 404
    if view in ("list", "download"):
        return 200
    # preview, issue, correct and their jobs: monitors of the monitoring party only.
    if role != "monitor":
        return 403
    return 302 if method == "POST" else 200


@pytest.fixture
def issued(agreement, monitor):
    return make_issued(agreement, monitor, period=QUARTER.previous())


@pytest.fixture
def job(agreement, monitor):
    """A finished preview, with its draft stored."""
    job = ReportJob.objects.create(
        agreement=agreement, kind="preview", year=1403, quarter=3, language="en", requested_by=monitor, state="done"
    )
    job.draft.save("draft.pdf", ContentFile(b"%PDF-1.7 draft"))
    return job


def _url(view, agreement, report, job=None):
    ref = agreement.reference
    return {
        "list": reverse("report_list", args=[ref]),
        "preview": reverse("report_preview", args=[ref]),
        "issue": reverse("report_issue", args=[ref]) + f"?quarter={QUARTER}&language=en",
        "job": reverse("report_job", args=[ref, job.pk]) if job else "",
        "job_pdf": reverse("report_job_pdf", args=[ref, job.pk]) if job else "",
        "job_retry": reverse("report_job_retry", args=[ref, job.pk]) if job else "",
        "correct": reverse("report_correct", args=[ref, report.pk]),
        "download": reverse("report_download", args=[ref, report.pk]),
        "verify": reverse("report_verify"),
    }[view]


DATA = {
    "preview": {"quarter": str(QUARTER), "language": "en"},
    "issue": {"quarter": str(QUARTER), "language": "en", "accept_unevaluated": "on"},
    "correct": {"reason": "B2's rating corrected"},
    "verify": {"code": "ZZZZZ-ZZZZZ"},
}


@pytest.mark.parametrize("method", ["GET", "POST"])
@pytest.mark.parametrize(
    "view", ["list", "preview", "issue", "correct", "download", "verify", "job", "job_pdf", "job_retry"]
)
def test_permission_matrix(client, request, agreement, issued, job, view, method):
    """One test per view and verb, every role inside it (one database set-up instead of eleven)."""
    url = _url(view, agreement, issued, job)
    seen, expected = {}, {}
    for role in ROLES:
        client.logout()
        if role != "anonymous":
            client.force_login(request.getfixturevalue(role))
        response = client.get(url) if method == "GET" else client.post(url, DATA.get(view, {}))
        seen[role] = response.status_code
        expected[role] = _expected(view, method, role)
        if role == "anonymous":
            assert response.url.startswith(reverse("login"))
    assert seen == expected


def test_the_monitor_previews_a_draft_pdf_through_a_job(client, agreement, quarter_data, monitor):
    client.force_login(monitor)
    response = client.post(
        reverse("report_preview", args=[agreement.reference]), {"quarter": str(QUARTER), "language": "fa"}
    )
    job = ReportJob.objects.get()
    assert response.url == reverse("report_job", args=[agreement.reference, job.pk])
    assert job.state == "done"  # the test's job backend runs it at once
    page = client.get(response.url).content.decode()
    assert 'http-equiv="refresh"' not in page
    pdf = client.get(reverse("report_job_pdf", args=[agreement.reference, job.pk]))
    assert pdf["Content-Type"] == "application/pdf"
    assert b"".join(pdf.streaming_content).startswith(b"%PDF")
    assert not IssuedReport.objects.exists()


def test_a_bad_quarter_is_refused_next_to_the_field(client, agreement, monitor):
    client.force_login(monitor)
    response = client.post(
        reverse("report_issue", args=[agreement.reference]), {"quarter": "1399-Q9", "language": "fa"}
    )
    assert response.status_code == 400
    assert response.context["form"].errors["quarter"]
    assert not IssuedReport.objects.exists()
    assert not ReportJob.objects.exists()


def test_issuing_a_quarter_twice_from_the_page_is_refused(client, agreement, monitor):
    make_issued(agreement, monitor)
    client.force_login(monitor)
    response = client.post(
        reverse("report_issue", args=[agreement.reference]),
        {"quarter": str(QUARTER), "language": "fa", "accept_unevaluated": "on"},
        follow=True,
    )
    assert IssuedReport.objects.count() == 1
    assert ReportJob.objects.get().state == "failed"
    assert "already issued" in response.content.decode() or "پیش‌تر صادر شده" in response.content.decode()


def test_a_correction_needs_a_reason(client, agreement, issued, monitor):
    client.force_login(monitor)
    response = client.post(reverse("report_correct", args=[agreement.reference, issued.pk]), {"reason": " "})
    assert response.status_code == 400
    assert response.context["form"].errors["reason"]
    assert IssuedReport.objects.count() == 1


def test_download_returns_the_stored_bytes_not_a_new_rendering(client, agreement, monitor, rural_viewer):
    original = b"%PDF-1.7 exactly these bytes"
    report = make_issued(agreement, monitor, content=original)
    agreement.title_fa = "عنوان دیگر"
    agreement.save()
    client.force_login(rural_viewer)
    response = client.get(reverse("report_download", args=[agreement.reference, report.pk]))
    body = b"".join(response.streaming_content)
    assert body == original
    assert hashlib.sha256(body).hexdigest() == report.sha256
    assert report.report_number in response["Content-Disposition"]


def test_another_agreements_report_is_not_found(client, agreement, monitor, outside_party, committee_member):
    from agreement.models import Agreement

    other = Agreement.objects.create(reference="other-1400", title_fa="دیگر", title_en="Other", signed_on="2021-01-01")
    report = make_issued(agreement, monitor)
    client.force_login(committee_member)
    assert client.get(reverse("report_download", args=[other.reference, report.pk])).status_code == 404


def test_the_list_runs_a_fixed_number_of_queries(client, agreement, monitor, django_assert_max_num_queries):
    client.force_login(monitor)
    url = reverse("report_list", args=[agreement.reference])
    first = make_issued(agreement, monitor, period=QUARTER.previous())
    with django_assert_max_num_queries(13) as few:  # 12, and the monitor's recent report jobs
        client.get(url)
    previous = first
    for revision in range(2, 7):
        previous = make_issued(agreement, monitor, period=QUARTER.previous(), revision=revision, replaces=previous)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert len(response.context["reports"]) == 6
    assert [is_current for _report, is_current in response.context["reports"]].count(True) == 1


def test_the_list_shows_the_monitors_recent_requests(client, agreement, monitor, committee_member, job):
    client.force_login(monitor)
    page = client.get(reverse("report_list", args=[agreement.reference])).content.decode()
    assert reverse("report_job", args=[agreement.reference, job.pk]) in page
    client.force_login(committee_member)
    page = client.get(reverse("report_list", args=[agreement.reference])).content.decode()
    assert reverse("report_job", args=[agreement.reference, job.pk]) not in page


def test_the_list_shows_the_issue_form_to_monitors_only(client, agreement, monitor, committee_member):
    client.force_login(committee_member)
    assert client.get(reverse("report_list", args=[agreement.reference])).context["form"] is None
    client.force_login(monitor)
    assert client.get(reverse("report_list", args=[agreement.reference])).context["form"] is not None
