"""What is locked stays locked in the admin too: locked evaluations, quarter locks, reviewed entries."""

import pytest

from monitoring.models import Evaluation, QuarterLock
from obligations.models import ProgressEntry
from obligations.services import review_entry


@pytest.fixture
def admin_client(client, superuser):
    client.force_login(superuser)
    return client


def _evaluation(commitment, monitor, quarter):
    return Evaluation.objects.create(
        commitment=commitment("B5"), year=1403, quarter=quarter, rating="weak", assessment="کم", evaluated_by=monitor
    )


def _history_id(obj):
    return obj.history.earliest().history_id


def test_an_evaluation_of_a_locked_quarter_cannot_be_changed_in_the_admin(admin_client, agreement, commitment, monitor):
    evaluation = _evaluation(commitment, monitor, 2)
    QuarterLock.objects.create(agreement=agreement, year=1403, quarter=2, changed_by=monitor)
    url = f"/en/admin/monitoring/evaluation/{evaluation.pk}/change/"
    page = admin_client.get(url)
    assert page.status_code == 200 and 'name="_save"' not in page.content.decode()  # view only
    response = admin_client.post(url, {"rating": "fully_met", "assessment": "عالی", "year": 1403, "quarter": 2})
    assert response.status_code == 403
    evaluation.refresh_from_db()
    assert evaluation.rating == "weak"


def test_an_evaluation_of_an_open_quarter_is_still_editable(admin_client, agreement, commitment, monitor):
    evaluation = _evaluation(commitment, monitor, 3)
    page = admin_client.get(f"/en/admin/monitoring/evaluation/{evaluation.pk}/change/")
    assert 'name="_save"' in page.content.decode()


def test_the_history_revert_is_refused_for_append_only_records(admin_client, agreement, commitment, monitor):
    evaluation = _evaluation(commitment, monitor, 3)
    first = _history_id(evaluation)
    evaluation.rating = "fully_met"
    evaluation.save()
    url = f"/en/admin/monitoring/evaluation/{evaluation.pk}/history/{first}/"
    page = admin_client.get(url)
    assert page.status_code == 200 and "Revert" not in page.content.decode()
    assert admin_client.post(url, {"rating": "weak", "assessment": "کم"}).status_code == 403
    evaluation.refresh_from_db()
    assert evaluation.rating == "fully_met"


def test_quarter_locks_are_read_only_and_never_deleted(admin_client, agreement, monitor):
    lock = QuarterLock.objects.create(agreement=agreement, year=1403, quarter=2, changed_by=monitor)
    change = f"/en/admin/monitoring/quarterlock/{lock.pk}/change/"
    assert 'name="_save"' not in admin_client.get(change).content.decode()
    assert admin_client.post(change, {"locked": "", "reason": "x"}).status_code == 403
    assert admin_client.post(f"/en/admin/monitoring/quarterlock/{lock.pk}/delete/", {"post": "yes"}).status_code == 403
    assert admin_client.get("/en/admin/monitoring/quarterlock/add/").status_code == 403
    lock.refresh_from_db()
    assert lock.locked


def test_a_reviewed_entry_is_read_only_and_its_history_cannot_be_reverted(
    admin_client, agreement, commitment, rural_staff, monitor
):
    from obligations.services import record_progress

    entry, _ = record_progress(
        commitment=commitment("B5"),
        author=rural_staff,
        happened_on=__import__("datetime").date(2024, 5, 1),
        reported_status="in_progress",
        narrative="اول",
    )
    first = _history_id(entry)
    review_entry(entry=entry, reviewer=monitor, decision="accepted", comment="", expected_version=entry.version)
    change = f"/en/admin/obligations/progressentry/{entry.pk}/change/"
    assert admin_client.post(change, {}).status_code == 403
    revert = f"/en/admin/obligations/progressentry/{entry.pk}/history/{first}/"
    assert admin_client.post(revert, {}).status_code == 403
    assert ProgressEntry.objects.get(pk=entry.pk).review_state == "accepted"
