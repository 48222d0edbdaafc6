"""The review page: one entry with its evidence and history, accepted or returned with a comment."""

import pytest
from django.urls import reverse
from django.utils import translation

from obligations.models import ProgressEntry, Review
from obligations.services import review_entry, update_entry
from tests.monitoring.conftest import REFERENCE


def url(entry):
    return reverse("review_entry", args=[REFERENCE, entry.pk])


def test_it_shows_the_entry_its_evidence_and_the_decision_form(as_user, monitor, b5_entry, attach_evidence):
    attach_evidence(b5_entry, "عکس روستا.pdf")

    response = as_user(monitor).get(url(b5_entry))

    body = response.content.decode()
    assert response.status_code == 200
    assert "عکس روستا.pdf" in body
    assert b5_entry.narrative in body
    assert 'name="decision" value="returned"' in body
    assert response.context["can_review"] is True


def test_accepting_records_the_decision_and_goes_back_to_the_queue(as_user, monitor, b5_entry):
    response = as_user(monitor).post(url(b5_entry), {"decision": "accepted", "version": 1})

    assert response.status_code == 302
    assert response["Location"] == reverse("review_queue", args=[REFERENCE])
    b5_entry.refresh_from_db()
    assert (b5_entry.review_state, b5_entry.reviewed_by) == ("accepted", monitor)
    assert list(Review.objects.values_list("decision", "actor")) == [("accepted", monitor.pk)]


def test_returning_needs_a_comment_and_changes_nothing_without_one(as_user, monitor, b5_entry):
    response = as_user(monitor).post(url(b5_entry), {"decision": "returned", "comment": "", "version": 1})

    assert response.status_code == 400
    assert response.context["form"].errors["comment"]
    assert "errorlist" in response.content.decode()
    b5_entry.refresh_from_db()
    assert b5_entry.review_state == "submitted"
    assert not Review.objects.exists()


def test_return_reasons_survive_resubmission_and_acceptance(as_user, monitor, b5_entry, rural_staff):
    client = as_user(monitor)
    client.post(url(b5_entry), {"decision": "returned", "comment": "عکس پیوست نشده", "version": 1})
    b5_entry.refresh_from_db()
    update_entry(entry=b5_entry, expected_version=b5_entry.version, narrative="عکس پیوست شد")
    b5_entry.refresh_from_db()
    client.post(url(b5_entry), {"decision": "accepted", "version": b5_entry.version})

    b5_entry.refresh_from_db()
    decisions = list(b5_entry.reviews.values_list("decision", "comment"))
    assert decisions == [("returned", "عکس پیوست نشده"), ("resubmitted", ""), ("accepted", "")]
    assert b5_entry.author == rural_staff
    assert b5_entry.review_state == "accepted"
    history_authors = set(b5_entry.history.values_list("author_id", flat=True))
    assert history_authors == {rural_staff.pk}
    body = client.get(url(b5_entry)).content.decode()
    assert "عکس پیوست نشده" in body


def test_two_monitors_at_once_the_second_is_told_and_nothing_is_overwritten(
    client, django_user_model, monitor, second_monitor, b5_entry
):
    from django.test import Client

    first, second = Client(), Client()
    first.force_login(monitor)
    second.force_login(second_monitor)
    # Both loaded the page while the entry was at version 1.
    assert first.get(url(b5_entry)).status_code == second.get(url(b5_entry)).status_code == 200

    first.post(url(b5_entry), {"decision": "accepted", "version": 1})
    response = second.post(url(b5_entry), {"decision": "returned", "comment": "ناقص است", "version": 1}, follow=True)

    b5_entry.refresh_from_db()
    assert (b5_entry.review_state, b5_entry.reviewed_by, b5_entry.review_comment) == ("accepted", monitor, "")
    assert Review.objects.count() == 1
    assert [m.level_tag for m in response.context["messages"]] == ["error"]
    assert response.context["awaiting"] is False


def test_an_entry_edited_by_its_author_after_the_page_loaded_is_not_decided_blindly(as_user, monitor, b5_entry):
    update_entry(entry=b5_entry, expected_version=1, narrative="متن تازه")

    as_user(monitor).post(url(b5_entry), {"decision": "accepted", "version": 1})

    b5_entry.refresh_from_db()
    assert b5_entry.review_state == "submitted"


def test_a_withdrawn_entry_cannot_be_reviewed(as_user, monitor, b5_entry):
    from obligations.services import withdraw_entry

    withdraw_entry(entry=b5_entry, reason="تکراری", expected_version=1)
    client = as_user(monitor)

    page = client.get(url(b5_entry))
    client.post(url(b5_entry), {"decision": "accepted", "version": 2})

    assert 'name="decision"' not in page.content.decode()
    assert ProgressEntry.objects.get(pk=b5_entry.pk).review_state == "submitted"


def test_a_monitor_reviews_nothing_they_logged_themselves(as_user, b5_entry, relief):
    from agreement.models import Membership

    Membership.objects.filter(user=b5_entry.author).update(party=relief, role=Membership.Role.MONITOR)
    client = as_user(b5_entry.author)

    page = client.get(url(b5_entry))
    refused = client.post(url(b5_entry), {"decision": "accepted", "version": 1})

    assert page.status_code == 200 and 'name="decision"' not in page.content.decode()
    assert refused.status_code == 403


def test_a_rural_affairs_person_misconfigured_as_monitor_reviews_nothing(
    as_user, rural_misconfigured_monitor, b5_entry, a1_entry
):
    client = as_user(rural_misconfigured_monitor)
    for entry in (b5_entry, a1_entry):
        assert client.get(url(entry)).status_code == 403
        assert client.post(url(entry), {"decision": "accepted", "version": 1}).status_code == 403
    queue = reverse("review_queue", args=[REFERENCE])
    assert client.get(queue).status_code == 403
    data = {"decision": "accepted", "entries": [b5_entry.pk], f"version-{b5_entry.pk}": 1}
    assert client.post(queue, data).status_code == 403
    assert not Review.objects.exists()


def test_an_entry_of_another_agreement_is_not_found(as_user, monitor, b5_entry):
    response = as_user(monitor).get(reverse("review_entry", args=["another-agreement", b5_entry.pk]))
    assert response.status_code == 404
    assert as_user(monitor).get(reverse("review_entry", args=[REFERENCE, 999999])).status_code == 404


def test_the_review_history_lists_every_decision_with_who_made_it(as_user, monitor, second_monitor, b5_entry):
    review_entry(entry=b5_entry, reviewer=second_monitor, decision="returned", comment="بدون امضا", expected_version=1)
    response = as_user(monitor).get(url(b5_entry))
    assert [r.actor for r in response.context["reviews"]] == [second_monitor]
    assert "بدون امضا" in response.content.decode()


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_the_page_renders_in_both_languages(as_user, monitor, b5_entry, attach_evidence, prefix):
    attach_evidence(b5_entry)
    response = as_user(monitor).get(prefix + url(b5_entry))
    assert response.status_code == 200


def test_after_a_resubmission_the_monitor_sees_what_the_author_changed(as_user, monitor, b5_entry):
    review_entry(entry=b5_entry, reviewer=monitor, decision="returned", comment="درصد اشتباه است", expected_version=1)
    update_entry(entry=b5_entry, expected_version=2, narrative="درصد اصلاح شد", percent_complete=25)

    response = as_user(monitor).get(url(b5_entry))

    edits = [c["fields"] for c in response.context["changes"] if c["fields"]]
    assert len(edits) == 1
    with translation.override("en"):
        shown = {str(field.label): (field.old, field.new) for field in edits[0]}
    assert shown == {
        "percent complete": ("۴۰", "۲۵"),
        "what was done": ("جلسه هماهنگی با دهیاران برگزار شد", "درصد اصلاح شد"),
    }
    body = response.content.decode()
    assert '<del dir="auto">جلسه هماهنگی با دهیاران برگزار شد</del>' in body
    assert '<ins dir="auto">درصد اصلاح شد</ins>' in body
