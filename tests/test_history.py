import datetime as dt

from obligations.services import record_progress, review_entry


def test_history_records_who_changed_a_commitment(client, superuser, commitment):
    b5 = commitment("B5")
    client.force_login(superuser)
    response = client.post(
        f"/en/admin/obligations/commitment/{b5.pk}/change/",
        {
            "agreement": b5.agreement_id,
            "owner": b5.owner_id,
            "number": "B5",
            "position": b5.position,
            "text_fa": b5.text_fa,
            "text_en": "Complete civil projects (edited)",
            "note_fa": "",
            "note_en": "",
            "category": b5.category,
            "due_on": "",
            "indicator_unit_fa": "",
            "indicator_unit_en": "",
            "indicator_baseline": "",
            "indicator_baseline_note_fa": "",
            "indicator_baseline_note_en": "",
            "indicator_target": "",
            "indicator_kind": "cumulative",
        },
    )
    assert response.status_code == 302, response.content[:2000]
    latest = b5.history.latest()
    assert latest.history_user == superuser
    assert latest.text_en == "Complete civil projects (edited)"
    assert latest.prev_record.text_en != latest.text_en


def test_a_review_is_in_the_entry_history_with_the_reviewer(commitment, rural_staff, monitor):
    entry, _ = record_progress(
        commitment=commitment("B5"),
        author=rural_staff,
        happened_on=dt.date(2024, 5, 1),
        reported_status="in_progress",
        narrative="شروع کار",
        percent_complete=20,
    )
    review_entry(entry=entry, reviewer=monitor, decision="returned", comment="عکس پیوست نشده", expected_version=1)
    states = [(h.review_state, h.version, h.history_user) for h in entry.history.order_by("history_date")]
    assert states == [("submitted", 1, rural_staff), ("returned", 2, monitor)]
    assert entry.reviews.get().comment == "عکس پیوست نشده"


def test_a_status_change_names_the_person_whose_entry_moved_it(commitment, rural_staff, monitor):
    b5 = commitment("B5")
    entry, _ = record_progress(
        commitment=b5,
        author=rural_staff,
        happened_on=dt.date(2024, 5, 1),
        reported_status="at_risk",
        narrative="x",
    )
    assert b5.history.latest().history_user == rural_staff
    review_entry(entry=entry, reviewer=monitor, decision="returned", comment="?", expected_version=1)
    latest = b5.history.latest()
    assert (latest.status, latest.history_user) == ("not_started", monitor)
