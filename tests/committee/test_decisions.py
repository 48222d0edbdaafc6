"""A decision is followed up like a commitment: the responsible party's staff log progress on it
through the workspace, the monitor reviews it in the queue, and its status follows the entries.
It never appears among the agreement's numbered commitments."""

import uuid

import time_machine

from agreement.jalali import Quarter
from committee.models import Decision
from monitoring.evaluations import commitments_for_quarter
from obligations.models import Commitment

R = "qazvin-ikrc-rural-1397"


def test_a_decision_owns_a_commitment_row_numbered_year_meeting_row(decision, rural):
    commitment = decision.commitment
    assert commitment.kind == Commitment.Kind.DECISION
    assert commitment.number == "1403-1-1"
    assert commitment.owner == rural and commitment.status == "not_started"
    assert "جلسه ۱ سال ۱۴۰۳" in commitment.note_fa
    assert list(decision.linked_commitments.values_list("number", flat=True)) == ["B9"]


def test_a_decision_is_not_one_of_the_agreements_numbered_commitments(client, decision, agreement, rural_staff):
    assert not Commitment.objects.filter(pk=decision.commitment_id).exists()
    assert not agreement.commitments.filter(pk=decision.commitment_id).exists()
    assert Commitment.all_kinds.filter(pk=decision.commitment_id).exists()
    assert decision.commitment_id not in {c.pk for c in commitments_for_quarter(agreement, Quarter(1403, 3))}
    client.force_login(rural_staff)
    page = client.get(f"/a/{R}/commitments/").content.decode()
    assert "1403-1-1" not in page and "۱۴۰۳-۱-۱" not in page and decision.commitment.text_fa not in page


@time_machine.travel("2024-10-01 09:00 +03:30", tick=False)
def test_a_decision_is_followed_up_to_done(client, decision, rural_staff, monitor, relief_staff):
    number = decision.commitment.number
    client.force_login(relief_staff)
    assert client.get(f"/a/{R}/commitments/{number}/log/").status_code == 403  # not their party's decision

    client.force_login(rural_staff)
    page = client.get(f"/a/{R}/commitments/{number}/").content.decode()
    assert decision.commitment.text_fa in page and f"/commitments/{number}/log/" in page
    response = client.post(
        f"/a/{R}/commitments/{number}/log/",
        {
            "happened_on": "1403/07/05",
            "reported_status": "in_progress",
            "percent_complete": "40",
            "narrative": "هشت تابلو نصب شد.",
            "submission_key": str(uuid.uuid4()),
        },
    )
    assert response.status_code == 302 and response["Location"].startswith(f"/a/{R}/commitments/{number}/")
    decision.commitment.refresh_from_db()
    assert decision.commitment.status == "in_progress"

    client.post(
        f"/a/{R}/commitments/{number}/log/",
        {
            "happened_on": "1403/07/09",
            "reported_status": "completed",
            "percent_complete": "100",
            "narrative": "همه تابلوها نصب شد.",
            "submission_key": str(uuid.uuid4()),
        },
    )
    decision.refresh_from_db()
    assert decision.status == "completed" and decision.is_done
    assert Decision.objects.open().count() == 0

    # The monitor finds both entries in the ordinary review queue and accepts them.
    client.force_login(monitor)
    queue = client.get(f"/a/{R}/review/").content.decode()
    assert "۱۴۰۳-۱-۱" in queue  # a decision's number, in Persian digits on a Persian page
    for entry in decision.commitment.entries.all():
        response = client.post(
            f"/a/{R}/review/{entry.pk}/", {"decision": "accepted", "comment": "", "version": entry.version}
        )
        assert response.status_code == 302
    assert set(decision.commitment.entries.values_list("review_state", flat=True)) == {"accepted"}

    # The meeting page shows the decision done.
    client.force_login(rural_staff)
    page = client.get(f"/a/{R}/committee/{decision.meeting.pk}/").content.decode()
    assert "status-completed" in page


@time_machine.travel("2024-11-01 09:00 +03:30", tick=False)
def test_an_open_decision_past_its_due_date_is_overdue(client, decision, rural_staff):
    import datetime as dt

    assert decision.is_overdue(dt.date(2024, 11, 1))
    assert list(Decision.objects.overdue(dt.date(2024, 11, 1))) == [decision]
    client.force_login(rural_staff)
    page = client.get(f"/en/a/{R}/committee/decisions/?state=overdue").content.decode()
    assert "Install zakat signs" in page and "badge-overdue" in page


def test_decisions_stay_editable_until_the_minutes_are_approved(client, decision, relief_member, rural, relief):
    client.force_login(relief_member)
    response = client.post(
        f"/a/{R}/committee/decisions/{decision.pk}/edit/",
        {"text_fa": "متن تازه مصوبه", "owner": "both", "due_on": "1403/08/15"},
    )
    assert response.status_code == 302
    decision.commitment.refresh_from_db()
    assert decision.commitment.text_fa == "متن تازه مصوبه" and decision.commitment.owner is None
    assert str(decision.commitment.due_on) == "2024-11-05"
    assert decision.commitment.history.first().history_user == relief_member


def test_the_next_meeting_offers_the_open_decisions_for_its_agenda(client, decision, relief_member):
    client.force_login(relief_member)
    page = client.get(f"/a/{R}/committee/new/").content.decode()
    assert decision.commitment.text_fa[:40] in page
    client.post(
        f"/a/{R}/committee/new/",
        {
            "date": "1403/08/01",
            "time": "10:00",
            "duration_minutes": "120",
            "place": "دفتر امور روستایی",
            "follow_up": [decision.pk],
        },
    )
    from committee.models import Meeting

    item = Meeting.objects.get(number=2).agenda_items.get()
    assert item.follows_up == decision
    assert list(item.commitments.values_list("number", flat=True)) == ["B9"]


def test_a_responsible_person_must_work_for_the_responsible_party(
    client, held_meeting, relief_member, relief_staff, rural
):
    client.force_login(relief_member)
    response = client.post(
        f"/a/{R}/committee/{held_meeting.pk}/decisions/new/",
        {"text_fa": "مصوبه", "owner": str(rural.pk), "responsible_person": str(relief_staff.pk)},
    )
    assert response.status_code == 200
    assert not Decision.objects.exists()
