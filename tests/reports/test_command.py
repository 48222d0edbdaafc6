import pytest
from django.core.management import CommandError, call_command

from monitoring.models import QuarterLock
from reports.models import IssuedReport
from tests.reports.conftest import QUARTER, make_issued, page_texts

REF = "qazvin-ikrc-rural-1397"


def test_it_builds_a_draft_to_a_file(agreement, quarter_data, tmp_path):
    output = tmp_path / "draft.pdf"
    call_command("build_report", agreement=REF, quarter="1403-Q3", lang="en", output=str(output), stdout=None)
    pages = page_texts(output.read_bytes())
    assert all("DRAFT" in page for page in pages)
    assert not IssuedReport.objects.exists()


def test_it_issues_as_a_monitor_and_refuses_a_second_time(agreement, quarter_data, monitor, tmp_path):
    output = tmp_path / "issued.pdf"
    call_command(
        "build_report",
        agreement=REF,
        quarter="۱۴۰۳-Q3",
        lang="fa",
        output=str(output),
        issue=True,
        as_user=monitor.username,
        accept_unevaluated=True,
    )
    report = IssuedReport.objects.get()
    assert output.read_bytes() == report.pdf.open("rb").read()
    assert QuarterLock.is_locked(agreement, QUARTER)
    with pytest.raises(CommandError, match="already issued"):
        call_command("build_report", agreement=REF, quarter="1403-Q3", lang="fa", issue=True, as_user=monitor.username)


def test_it_refuses_to_issue_with_unevaluated_commitments_unless_told(agreement, quarter_data, monitor):
    with pytest.raises(CommandError, match="no evaluation"):
        call_command("build_report", agreement=REF, quarter="1403-Q3", lang="fa", issue=True, as_user=monitor.username)
    assert not IssuedReport.objects.exists()


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"agreement": "nope", "quarter": "1403-Q3"}, "No agreement"),
        ({"agreement": REF, "quarter": "1403-Q7"}, "Qn"),
        ({"agreement": REF, "quarter": "1403-Q3"}, "--output"),
        ({"agreement": REF, "quarter": "1403-Q3", "issue": True}, "--as-user"),
        ({"agreement": REF, "quarter": "1403-Q3", "issue": True, "as_user": "rural-staff"}, "not a monitor"),
    ],
)
def test_it_refuses_bad_options(agreement, rural_staff, options, message):
    with pytest.raises(CommandError, match=message):
        call_command("build_report", **options)


def test_a_misconfigured_monitor_cannot_issue_from_the_command_line(agreement, rural_misconfigured_monitor, monitor):
    make_issued(agreement, monitor, period=QUARTER.previous())
    with pytest.raises(CommandError, match="not a monitor"):
        call_command("build_report", agreement=REF, quarter="1403-Q3", issue=True, as_user="rural-monitor")
