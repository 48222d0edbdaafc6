"""The overseer: reads every page of the agreements it oversees, writes nothing anywhere, sees nothing else."""

import pytest
from django.urls import reverse

from agreement.jalali import Quarter
from agreement.models import Agreement, CommitteeMember, Membership
from committee.models import Meeting, Programme
from monitoring.models import Evaluation
from obligations.models import ProgressEntry
from reports.models import ReportJob
from tests.factories import make_entry

pytestmark = pytest.mark.django_db
REFERENCE = "qazvin-ikrc-rural-1397"

READ = [
    ("my_work", []),
    ("dashboard", []),
    ("commitment_list", []),
    ("commitment_detail", ["B5"]),
    ("entry_list", []),
    ("evaluation_list", []),
    ("meeting_list", []),
    ("decision_list", []),
    ("calendar_month", []),
    ("report_list", []),
]


def _writes(entry_pk: int, quarter: Quarter) -> list[tuple[str, list]]:
    return [
        ("entry_create", ["B5"]),
        ("entry_edit", [entry_pk]),  # addressed by the entry alone
        ("entry_withdraw", [entry_pk]),
        ("review_queue", []),
        ("review_entry", [entry_pk]),
        ("evaluation_edit", [str(quarter), "B5"]),
        ("quarter_reopen", [str(quarter)]),
        ("meeting_create", []),
        ("programme_create", []),
        ("report_preview", []),
        ("report_issue", []),
        ("person_invite", []),
    ]


def _stored():
    return (
        ProgressEntry.objects.count(),
        sorted(ProgressEntry.objects.values_list("pk", "review_state", "version")),
        Evaluation.objects.count(),
        Meeting.objects.count(),
        Programme.objects.count(),
        ReportJob.objects.count(),
        Membership.objects.count(),
        CommitteeMember.objects.count(),
        sorted(Agreement.objects.values_list("pk", "status", "figures_version")),
    )


def test_the_overseer_reads_every_page_of_its_agreement(client, overseer):
    client.force_login(overseer)
    for name, args in READ:
        response = client.get(reverse(name, args=[REFERENCE, *args]))
        assert response.status_code == 200, name


def test_the_overseer_writes_nothing(client, overseer, commitment, rural_staff):
    entry = make_entry(commitment("B5"), rural_staff)
    quarter = Quarter.containing(entry.happened_on)
    client.force_login(overseer)
    before = _stored()
    for name, args in _writes(entry.pk, quarter):
        url = reverse(name, args=args if name.startswith("entry_") and name != "entry_create" else [REFERENCE, *args])
        for method in ("get", "post"):
            response = getattr(client, method)(url, {"decision": "accepted", "entries": [entry.pk]})
            if name in ("review_queue",) and method == "get":
                assert response.status_code in (403, 404), (name, method)
                continue
            assert response.status_code in (403, 404, 405), (name, method, response.status_code)
    assert _stored() == before
    # People page: the overseer neither sees who has which role nor invites anyone.
    assert client.get(reverse("people_list", args=[REFERENCE])).status_code == 403


def test_the_overseer_sees_nothing_it_does_not_oversee(client, overseer, rural, relief):
    from tests.portfolio.conftest import make_agreements

    (other,) = make_agreements(1, (rural, relief))
    client.force_login(overseer)
    assert client.get(reverse("dashboard", args=[other.reference])).status_code == 404
    assert client.get(reverse("commitment_list", args=[other.reference])).status_code == 404
