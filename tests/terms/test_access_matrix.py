"""The term page and its two writes against every role, GET and POST."""

import pytest

from terms.models import Term
from tests.factories import READERS

REFERENCE = "qazvin-ikrc-rural-1397"
PERSONAS = ["anonymous", "outsider", *READERS]
MANAGERS = {"committee_member", "superuser"}


def read_only(method, persona):
    return 200 if method == "get" else 405


def managers(method, persona):
    """An empty POST from the committee is refused with the form's errors."""
    if method == "get":
        return 405
    return 400 if persona in MANAGERS else 403


VIEWS = {
    "agreement_term": (f"/en/a/{REFERENCE}/term/", read_only),
    "term_set": (f"/en/a/{REFERENCE}/term/set/", managers),
    "term_renew": (f"/en/a/{REFERENCE}/term/renew/", managers),
}


@pytest.fixture
def term(agreement, superuser):
    import datetime as dt

    from terms.services import set_term

    return set_term(
        agreement=agreement, starts_on=agreement.signed_on, ends_on=dt.date(2030, 12, 16), notice_days=90,
        renews_itself=False, by=superuser,
    )  # fmt: skip


@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("view", VIEWS)
def test_access(client, request, term, view, persona, method):
    url, expected = VIEWS[view]
    if persona != "anonymous":
        client.force_login(request.getfixturevalue(persona))
    response = getattr(client, method)(url)
    if persona == "anonymous":
        assert response.status_code == 302
        assert response["Location"].startswith("/en/accounts/login/")
    elif persona == "outsider":
        assert response.status_code == (405 if expected(method, "outsider") == 405 else 404)
    else:
        assert response.status_code == expected(method, persona)
    assert list(Term.objects.values_list("number", flat=True)) == [1]
    term.refresh_from_db()
    assert term.notice_days == 90
