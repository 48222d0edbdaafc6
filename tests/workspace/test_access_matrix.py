"""Every workspace view against every role, GET and POST: the server decides, never the page.

anonymous -> sign-in redirect; outside the agreement -> 404; may read but not do it -> 403.
"""

import pytest

from tests.workspace.conftest import READERS

REFERENCE = "qazvin-ikrc-rural-1397"
PERSONAS = ["anonymous", "outsider", *READERS]


def _read_only(method: str, persona: str) -> int:
    """A page everyone in the agreement reads; a POST is refused before anything is looked up."""
    return 200 if method == "get" else 405


VIEWS = {
    "commitment_list": (lambda objects: f"/en/a/{REFERENCE}/commitments/", _read_only),
    "commitment_detail": (lambda objects: f"/en/a/{REFERENCE}/commitments/B5/", _read_only),
}


@pytest.fixture
def objects(agreement):
    return {}


@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("view", VIEWS)
def test_access(client, request, objects, view, persona, method):
    url_for, expected = VIEWS[view]
    if persona != "anonymous":
        client.force_login(request.getfixturevalue(persona))
    response = getattr(client, method)(url_for(objects))
    if persona == "anonymous":
        assert response.status_code == 302
        assert response["Location"].startswith("/en/accounts/login/")
    elif persona == "outsider":
        assert response.status_code == (405 if expected is _read_only and method == "post" else 404)
    else:
        assert response.status_code == expected(method, persona)
