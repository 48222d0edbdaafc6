"""The rule book's committee rules, and the J1 fix: a committee member of a party logs on joint work."""

from agreement import permissions as can
from committee.services import approve_minutes, write_minutes


def test_a_committee_member_of_a_party_logs_progress_on_the_joint_commitment(relief_member, rural_member, commitment):
    assert can.can_log_progress(relief_member, commitment("J1"))
    assert can.can_log_progress(rural_member, commitment("J1"))


def test_a_committee_seat_gives_no_logging_on_a_partys_own_commitments(relief_member, rural_member, commitment):
    assert not can.can_log_progress(rural_member, commitment("B5"))
    assert not can.can_log_progress(relief_member, commitment("A1"))


def test_a_committee_member_outside_both_parties_still_cannot_log(committee_member, commitment):
    assert not can.can_log_progress(committee_member, commitment("J1"))


def test_committee_members_manage_meetings_and_nobody_else(
    agreement, relief_member, rural_member, committee_member, rural_staff, monitor, rural_viewer
):
    for user in (relief_member, rural_member, committee_member):
        assert can.can_manage_meetings(user, agreement)
    for user in (rural_staff, monitor, rural_viewer):
        assert not can.can_manage_meetings(user, agreement)


def test_decisions_are_logged_by_the_responsible_partys_staff(
    decision, rural_staff, rural_focal, relief_staff, monitor
):
    assert can.can_log_progress(rural_staff, decision.commitment)
    assert can.can_log_progress(rural_focal, decision.commitment)
    assert not can.can_log_progress(relief_staff, decision.commitment)
    assert not can.can_log_progress(monitor, decision.commitment)


def test_each_party_approves_the_minutes_once_through_its_representative(
    held_meeting, relief_member, rural_member, committee_member, rural_staff, relief
):
    minutes = write_minutes(meeting=held_meeting, text="متن صورتجلسه", by=relief_member)
    assert can.can_approve_minutes(relief_member, minutes)
    assert can.can_approve_minutes(rural_member, minutes)
    # A seat without a party of the agreement approves for nobody; staff have no seat.
    assert not can.can_approve_minutes(committee_member, minutes)
    assert not can.can_approve_minutes(rural_staff, minutes)
    approve_minutes(minutes=minutes, party=relief, by=relief_member)
    minutes.refresh_from_db()
    assert not can.can_approve_minutes(relief_member, minutes)
    assert can.can_approve_minutes(rural_member, minutes)


def test_the_executive_calendar_is_kept_by_the_committee_and_the_relief_committees_staff(
    agreement, relief_member, relief_staff, rural_staff, monitor, relief_viewer
):
    assert can.can_manage_programmes(relief_member, agreement)
    assert can.can_manage_programmes(relief_staff, agreement)
    for user in (rural_staff, monitor, relief_viewer):
        assert not can.can_manage_programmes(user, agreement)
