"""The review queue: what awaits review, oldest first, filters, and decisions on several entries."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from obligations.models import ProgressEntry, Review
from obligations.services import review_entry
from tests.monitoring.conftest import REFERENCE

URL = reverse("review_queue", args=[REFERENCE])


def _age(entry, days):
    # created_at is auto_now_add; tests set it afterwards to order the queue.
    ProgressEntry.objects.filter(pk=entry.pk).update(created_at=timezone.now() - dt.timedelta(days=days))


def _queue_ids(response):
    return [entry.pk for entry in response.context["page"]]


def test_it_lists_entries_awaiting_review_oldest_first(
    as_user, monitor, log_entry, commitment, rural_staff, relief_staff
):
    newer = log_entry(commitment("B5"), rural_staff)
    older = log_entry(commitment("A1"), relief_staff)
    reviewed = log_entry(commitment("B6"), rural_staff)
    _age(newer, 2)
    _age(older, 10)
    review_entry(entry=reviewed, reviewer=monitor, decision="accepted", expected_version=reviewed.version)

    response = as_user(monitor).get(URL)

    assert response.status_code == 200
    assert _queue_ids(response) == [older.pk, newer.pk]
    assert response.context["agreement"].reference == REFERENCE
    assert response.context["can_review"] is True


def test_it_shows_each_entry_with_its_evidence_and_earlier_return(
    as_user, monitor, b5_entry, rural_staff, attach_evidence
):
    attach_evidence(b5_entry, "گزارش بازدید.pdf")
    review_entry(entry=b5_entry, reviewer=monitor, decision="returned", comment="امضا ندارد", expected_version=1)
    from obligations.services import update_entry

    update_entry(entry=b5_entry, expected_version=2, narrative="نسخه امضاشده پیوست شد")

    body = as_user(monitor).get(URL).content.decode()

    assert "گزارش بازدید.pdf" in body
    assert "نسخه امضاشده پیوست شد" in body
    assert "امضا ندارد" in body


def test_it_filters_by_party_commitment_and_county(
    as_user, monitor, log_entry, commitment, rural_staff, relief_staff, agreement
):
    county = agreement.counties.order_by("position").first()
    b5 = log_entry(commitment("B5"), rural_staff, county=county)
    b6 = log_entry(commitment("B6"), rural_staff)
    a1 = log_entry(commitment("A1"), relief_staff)
    client = as_user(monitor)

    by_party = client.get(URL, {"party": b5.party_id})
    by_commitment = client.get(URL, {"commitment": a1.commitment_id})
    by_county = client.get(URL, {"county": county.pk})

    assert set(_queue_ids(by_party)) == {b5.pk, b6.pk}
    assert _queue_ids(by_commitment) == [a1.pk]
    assert _queue_ids(by_county) == [b5.pk]


def test_a_filter_that_is_not_a_choice_is_ignored_not_an_error(as_user, monitor, b5_entry):
    response = as_user(monitor).get(URL, {"party": "نه", "county": "999999"})
    assert response.status_code == 200


def test_it_accepts_several_selected_entries(as_user, monitor, log_entry, commitment, rural_staff, relief_staff):
    b5 = log_entry(commitment("B5"), rural_staff)
    a1 = log_entry(commitment("A1"), relief_staff)
    untouched = log_entry(commitment("B6"), rural_staff)
    data = {"decision": "accepted", "entries": [b5.pk, a1.pk], f"version-{b5.pk}": 1, f"version-{a1.pk}": 1}

    response = as_user(monitor).post(URL, data, follow=True)

    states = dict(ProgressEntry.objects.values_list("pk", "review_state"))
    assert states == {b5.pk: "accepted", a1.pk: "accepted", untouched.pk: "submitted"}
    assert Review.objects.filter(decision="accepted", actor=monitor).count() == 2
    assert [str(m) for m in response.context["messages"]] == ["۲ گزارش پذیرفته شد."]


def test_it_returns_several_selected_entries_with_one_comment(as_user, monitor, log_entry, commitment, rural_staff):
    first, second = log_entry(commitment("B5"), rural_staff), log_entry(commitment("B6"), rural_staff)
    data = {
        "decision": "returned",
        "comment": "تاريخ‌ها را بررسی كنید",  # Arabic ي and ك, as typed on an Arabic keyboard
        "entries": [first.pk, second.pk],
        f"version-{first.pk}": 1,
        f"version-{second.pk}": 1,
    }

    as_user(monitor).post(URL, data)

    for entry in (first, second):
        entry.refresh_from_db()
        assert entry.review_state == "returned"
        assert entry.review_comment == "تاریخ‌ها را بررسی کنید"
        assert entry.author == rural_staff


def test_returning_without_a_comment_changes_nothing_and_keeps_the_selection(as_user, monitor, b5_entry):
    data = {"decision": "returned", "comment": "  ", "entries": [b5_entry.pk], f"version-{b5_entry.pk}": 1}

    response = as_user(monitor).post(URL, data)

    assert response.status_code == 400
    assert response.context["bulk_form"].errors["comment"]
    assert b5_entry.pk in response.context["selected"]
    assert f'value="{b5_entry.pk}" id="select-{b5_entry.pk}" checked' in response.content.decode()
    b5_entry.refresh_from_db()
    assert b5_entry.review_state == "submitted"
    assert not Review.objects.exists()


def test_deciding_with_nothing_selected_is_refused_with_a_message(as_user, monitor, b5_entry):
    response = as_user(monitor).post(URL, {"decision": "accepted"})
    assert response.status_code == 400
    assert response.context["bulk_form"].errors["entries"]


def test_an_entry_decided_meanwhile_by_another_monitor_is_skipped_not_overwritten(
    as_user, monitor, second_monitor, log_entry, commitment, rural_staff
):
    taken, free = log_entry(commitment("B5"), rural_staff), log_entry(commitment("B6"), rural_staff)
    review_entry(entry=taken, reviewer=second_monitor, decision="returned", comment="ناقص", expected_version=1)
    data = {
        "decision": "accepted",
        "entries": [taken.pk, free.pk],
        f"version-{taken.pk}": 1,
        f"version-{free.pk}": 1,
    }

    response = as_user(monitor).post(URL, data, follow=True)

    taken.refresh_from_db()
    free.refresh_from_db()
    assert (taken.review_state, taken.reviewed_by, taken.review_comment) == ("returned", second_monitor, "ناقص")
    assert free.review_state == "accepted"
    levels = [m.level_tag for m in response.context["messages"]]
    assert levels == ["success", "warning"]


def test_a_monitor_cannot_select_their_own_entry(as_user, monitor, b5_entry, django_user_model, relief):
    from agreement.models import Membership

    # Someone who logged as staff and later became a monitor still may not judge their own work.
    author = b5_entry.author
    Membership.objects.filter(user=author).update(party=relief, role=Membership.Role.MONITOR)
    client = as_user(django_user_model.objects.get(pk=author.pk))

    response = client.get(URL)
    assert f'id="select-{b5_entry.pk}"' not in response.content.decode()

    client.post(URL, {"decision": "accepted", "entries": [b5_entry.pk], f"version-{b5_entry.pk}": 1})
    b5_entry.refresh_from_db()
    assert b5_entry.review_state == "submitted"


def test_entries_of_another_agreement_cannot_be_decided_through_this_queue(as_user, monitor, b5_entry, agreement):
    from agreement.models import Agreement

    other = Agreement.objects.create(
        reference="another-1403", title_fa="دیگر", title_en="Other", signed_on=dt.date(2024, 1, 1)
    )
    url = reverse("review_queue", args=[other.reference])
    response = as_user(monitor).post(url, {"decision": "accepted", "entries": [b5_entry.pk]})
    assert response.status_code == 404
    b5_entry.refresh_from_db()
    assert b5_entry.review_state == "submitted"


def test_the_queue_is_paged_oldest_first(as_user, monitor, log_entry, commitment, rural_staff):
    entries = [log_entry(commitment("B5"), rural_staff) for _ in range(27)]
    for age, entry in enumerate(entries):
        _age(entry, 100 - age)

    client = as_user(monitor)
    first, second = client.get(URL), client.get(URL, {"page": 2})

    assert _queue_ids(first) == [e.pk for e in entries[:25]]
    assert _queue_ids(second) == [e.pk for e in entries[25:]]


@pytest.mark.parametrize("language", ["fa", "en"])
def test_it_reads_in_both_languages(as_user, monitor, b5_entry, language):
    prefix = "" if language == "fa" else "/en"
    response = as_user(monitor).get(prefix + URL)
    body = response.content.decode()
    assert f'lang="{language}"' in body
    assert ("صف بررسی" if language == "fa" else "Review queue") in body


def test_a_queue_decides_only_on_its_own_agreements_entries(as_user, monitor, b5_entry, relief, rural):
    from agreement.models import Agreement, Signatory

    # The same monitoring party in a second agreement: its queue must not reach Qazvin's entries.
    other = Agreement.objects.create(
        reference="second-1403", title_fa="دومی", title_en="Second", signed_on=dt.date(2024, 1, 1), status="in_force"
    )
    for label, party, monitoring in (("A", relief, True), ("B", rural, False)):
        Signatory.objects.create(
            agreement=other,
            party=party,
            label=label,
            signatory_name_fa="-",
            signatory_name_en="-",
            signatory_title_fa="-",
            signatory_title_en="-",
            is_monitoring_party=monitoring,
        )
    url = reverse("review_queue", args=[other.reference])
    client = as_user(monitor)

    listed = client.get(url)
    client.post(url, {"decision": "accepted", "entries": [b5_entry.pk], f"version-{b5_entry.pk}": 1})

    assert list(listed.context["page"]) == []
    b5_entry.refresh_from_db()
    assert b5_entry.review_state == "submitted"
    assert client.get(reverse("review_entry", args=[other.reference, b5_entry.pk])).status_code == 404
