"""Every role against every review and evaluation view, GET and POST."""

import pytest
from django.urls import reverse

from monitoring.models import Evaluation, QuarterLock
from obligations.models import ProgressEntry
from tests.factories import PERSONAS
from tests.monitoring.conftest import REFERENCE


def _login_redirect(response):
    return response.status_code == 302 and "/accounts/login/" in response["Location"]


def check(response, name, allowed, code_when_allowed):
    if name == "anonymous":
        assert _login_redirect(response)
    elif name == "outsider":
        assert response.status_code == 404
    elif name in allowed:
        assert response.status_code == code_when_allowed
    else:
        assert response.status_code == 403


@pytest.mark.parametrize("persona", PERSONAS, indirect=True)
def test_review_queue_get(persona, request, as_user, b5_entry):
    response = as_user(persona).get(reverse("review_queue", args=[REFERENCE]))
    check(response, request.node.callspec.params["persona"], {"monitor"}, 200)


@pytest.mark.parametrize("persona", PERSONAS, indirect=True)
def test_review_queue_post(persona, request, as_user, b5_entry):
    data = {"decision": "accepted", "entries": [b5_entry.pk], f"version-{b5_entry.pk}": b5_entry.version}
    response = as_user(persona).post(reverse("review_queue", args=[REFERENCE]), data)
    name = request.node.callspec.params["persona"]
    check(response, name, {"monitor"}, 302)
    b5_entry.refresh_from_db()
    expected_state = "accepted" if name == "monitor" else "submitted"
    assert b5_entry.review_state == expected_state


@pytest.mark.parametrize("persona", PERSONAS, indirect=True)
def test_review_entry_get(persona, request, as_user, b5_entry):
    response = as_user(persona).get(reverse("review_entry", args=[REFERENCE, b5_entry.pk]))
    check(response, request.node.callspec.params["persona"], {"monitor"}, 200)


@pytest.mark.parametrize("persona", PERSONAS, indirect=True)
def test_review_entry_post(persona, request, as_user, b5_entry):
    data = {"decision": "returned", "comment": "عکس ندارد", "version": b5_entry.version}
    response = as_user(persona).post(reverse("review_entry", args=[REFERENCE, b5_entry.pk]), data)
    name = request.node.callspec.params["persona"]
    check(response, name, {"monitor"}, 302)
    b5_entry.refresh_from_db()
    assert b5_entry.review_state == ("returned" if name == "monitor" else "submitted")


READERS = {n for n in PERSONAS if n not in ("anonymous", "outsider")}


@pytest.mark.parametrize("persona", PERSONAS, indirect=True)
def test_evaluation_list_get(persona, request, as_user):
    response = as_user(persona).get(reverse("evaluation_list", args=[REFERENCE]), {"quarter": "1403-Q3"})
    check(response, request.node.callspec.params["persona"], READERS, 200)


@pytest.mark.parametrize("persona", PERSONAS, indirect=True)
def test_evaluation_list_refuses_post(persona, request, as_user):
    response = as_user(persona).post(reverse("evaluation_list", args=[REFERENCE]))
    name = request.node.callspec.params["persona"]
    if name == "anonymous":
        assert _login_redirect(response)
    else:
        assert response.status_code == 405


@pytest.mark.parametrize("persona", PERSONAS, indirect=True)
def test_evaluation_edit_get(persona, request, as_user):
    response = as_user(persona).get(reverse("evaluation_edit", args=[REFERENCE, "1403-Q3", "B5"]))
    check(response, request.node.callspec.params["persona"], {"monitor"}, 200)


@pytest.mark.parametrize("persona", PERSONAS, indirect=True)
def test_evaluation_edit_post(persona, request, as_user):
    data = {"rating": "partly_met", "assessment": "پیشرفت نسبی", "stamp": ""}
    response = as_user(persona).post(reverse("evaluation_edit", args=[REFERENCE, "1403-Q3", "B5"]), data)
    name = request.node.callspec.params["persona"]
    check(response, name, {"monitor"}, 302)
    assert Evaluation.objects.filter(year=1403, quarter=3).count() == (1 if name == "monitor" else 0)


@pytest.fixture
def locked_q2(agreement, monitor):
    return QuarterLock.objects.create(agreement=agreement, year=1403, quarter=2, changed_by=monitor)


@pytest.mark.parametrize("persona", PERSONAS, indirect=True)
def test_quarter_reopen_post(persona, request, as_user, locked_q2):
    response = as_user(persona).post(reverse("quarter_reopen", args=[REFERENCE, "1403-Q2"]), {"reason": "اصلاح"})
    name = request.node.callspec.params["persona"]
    check(response, name, {"superuser"}, 302)
    locked_q2.refresh_from_db()
    assert locked_q2.locked is (name != "superuser")


@pytest.mark.parametrize("persona", PERSONAS, indirect=True)
def test_quarter_reopen_refuses_get(persona, request, as_user, locked_q2):
    response = as_user(persona).get(reverse("quarter_reopen", args=[REFERENCE, "1403-Q2"]))
    name = request.node.callspec.params["persona"]
    if name == "anonymous":
        assert _login_redirect(response)
    else:
        assert response.status_code == 405


def test_nothing_was_reviewed_by_refused_people(b5_entry):
    assert ProgressEntry.objects.get(pk=b5_entry.pk).reviews.count() == 0
