"""Who may see the dashboard, the entries list and the exports: every role, GET and POST."""

import pytest

from tests.factories import READERS

REFERENCE = "qazvin-ikrc-rural-1397"
PAGES = [
    f"/a/{REFERENCE}/dashboard/",
    f"/a/{REFERENCE}/entries/",
    f"/a/{REFERENCE}/export/commitments/",
    f"/a/{REFERENCE}/export/entries/",
    f"/a/{REFERENCE}/export/evaluations/",
]


@pytest.mark.parametrize("url", PAGES)
def test_anonymous_visitors_are_sent_to_sign_in(client, agreement, url):
    for method in (client.get, client.post):
        response = method(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize("url", PAGES)
def test_people_outside_the_agreement_get_404(client, outsider, url):
    client.force_login(outsider)
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("url", PAGES)
@pytest.mark.parametrize("persona", READERS)
def test_every_member_and_the_joint_committee_may_read(client, request, persona, url):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(url).status_code == 200


@pytest.mark.parametrize("url", PAGES)
@pytest.mark.parametrize("persona", [*READERS, "outsider"])
def test_nothing_here_accepts_a_write(client, request, persona, url):
    client.force_login(request.getfixturevalue(persona))
    assert client.post(url, {"party": "joint"}).status_code == 405


def test_an_unknown_agreement_is_404_even_for_an_administrator(client, superuser):
    client.force_login(superuser)
    assert client.get("/a/no-such-agreement/dashboard/").status_code == 404


@pytest.mark.parametrize("persona,shown", [("monitor", True), ("committee_member", False), ("rural_staff", False)])
def test_the_context_carries_the_agreement_and_whether_the_reader_reviews(client, request, persona, shown):
    client.force_login(request.getfixturevalue(persona))
    for url in PAGES[:2]:
        response = client.get(url)
        assert response.context["agreement"].reference == REFERENCE
        assert response.context["can_review"] is shown
