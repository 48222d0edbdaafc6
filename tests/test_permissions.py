"""The rule book in agreement/permissions.py, for every role."""

import datetime as dt

import pytest

from agreement import permissions as can
from obligations.services import record_progress


@pytest.fixture
def b5_entry(commitment, rural_staff):
    entry, _ = record_progress(
        commitment=commitment("B5"),
        author=rural_staff,
        happened_on=dt.date(2024, 5, 1),
        reported_status="in_progress",
        narrative="شروع کار",
    )
    return entry


@pytest.fixture
def a1_entry(commitment, relief_staff):
    entry, _ = record_progress(
        commitment=commitment("A1"),
        author=relief_staff,
        happened_on=dt.date(2024, 5, 1),
        reported_status="in_progress",
        narrative="تقویم تهیه شد",
    )
    return entry


def test_everyone_in_the_agreement_may_read_it(
    agreement, rural_staff, rural_viewer, relief_staff, monitor, committee_member, superuser
):
    for user in (rural_staff, rural_viewer, relief_staff, monitor, committee_member, superuser):
        assert can.can_view_agreement(user, agreement), user


def test_outsiders_and_anonymous_visitors_may_not_read(agreement, outsider):
    from django.contrib.auth.models import AnonymousUser

    assert not can.can_view_agreement(outsider, agreement)
    assert not can.can_view_agreement(AnonymousUser(), agreement)


def test_staff_log_on_their_own_party_and_joint_commitments_only(commitment, rural_staff, rural_focal, relief_staff):
    assert can.can_log_progress(rural_staff, commitment("B5"))
    assert can.can_log_progress(rural_focal, commitment("B5"))
    assert can.can_log_progress(rural_staff, commitment("J1"))
    assert not can.can_log_progress(rural_staff, commitment("A1"))
    assert can.can_log_progress(relief_staff, commitment("A1"))
    assert can.can_log_progress(relief_staff, commitment("J1"))
    assert not can.can_log_progress(relief_staff, commitment("B5"))


def test_viewers_monitors_committee_and_outsiders_never_log(
    commitment, rural_viewer, monitor, committee_member, outsider
):
    for user in (rural_viewer, monitor, committee_member, outsider):
        assert not can.can_log_progress(user, commitment("J1")), user


def test_only_the_author_edits_and_only_until_accepted(b5_entry, rural_staff, rural_focal, monitor):
    from obligations.services import review_entry

    assert can.can_edit_entry(rural_staff, b5_entry)
    assert not can.can_edit_entry(rural_focal, b5_entry)
    accepted = review_entry(entry=b5_entry, reviewer=monitor, decision="accepted", expected_version=1)
    assert not can.can_edit_entry(rural_staff, accepted)


def test_a_returned_entry_may_be_fixed_by_its_author(b5_entry, rural_staff, monitor):
    from obligations.services import review_entry

    returned = review_entry(entry=b5_entry, reviewer=monitor, decision="returned", comment="?", expected_version=1)
    assert can.can_edit_entry(rural_staff, returned)
    assert can.can_withdraw_entry(rural_staff, returned)


def test_monitors_of_the_monitoring_party_review_others_entries(b5_entry, a1_entry, monitor, relief_staff):
    assert can.can_review_entry(monitor, b5_entry)
    assert can.can_review_entry(monitor, a1_entry)
    assert not can.can_review_entry(relief_staff, b5_entry)


def test_a_misconfigured_monitor_outside_the_monitoring_party_reviews_nothing(
    agreement, b5_entry, a1_entry, rural_misconfigured_monitor
):
    assert not can.can_review_entry(rural_misconfigured_monitor, b5_entry)
    assert not can.can_review_entry(rural_misconfigured_monitor, a1_entry)
    assert not can.can_evaluate(rural_misconfigured_monitor, agreement)
    assert not can.can_issue_report(rural_misconfigured_monitor, agreement)


def test_nobody_reviews_their_own_entry(commitment, monitor, relief):
    from agreement.models import Membership

    # Even a monitor who somehow wrote an entry cannot accept it.
    Membership.objects.filter(user=monitor).update(role="staff")
    monitor.refresh_from_db()
    entry, _ = record_progress(
        commitment=commitment("A1"),
        author=monitor,
        happened_on=dt.date(2024, 5, 1),
        reported_status="in_progress",
        narrative="x",
    )
    Membership.objects.filter(user=monitor).update(role="monitor")
    monitor.refresh_from_db()
    assert not can.can_review_entry(monitor, entry)


def test_evaluation_and_reports_belong_to_monitors(agreement, monitor, relief_staff, committee_member, rural_focal):
    assert can.can_evaluate(monitor, agreement) and can.can_issue_report(monitor, agreement)
    for user in (relief_staff, committee_member, rural_focal):
        assert not can.can_evaluate(user, agreement)
        assert not can.can_issue_report(user, agreement)


def test_only_administrators_reopen_a_quarter(agreement, monitor, superuser):
    assert can.can_reopen_quarter(superuser, agreement)
    assert not can.can_reopen_quarter(monitor, agreement)


def test_focal_points_manage_their_own_party(rural, relief, rural_focal, rural_staff):
    assert can.can_manage_people(rural_focal, rural)
    assert not can.can_manage_people(rural_focal, relief)
    assert not can.can_manage_people(rural_staff, rural)
