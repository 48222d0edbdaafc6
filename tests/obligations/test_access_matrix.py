"""Every workspace view against every role, GET and POST: the server decides, never the page.

anonymous -> sign-in redirect; outside the agreement -> 404; may read but not do it -> 403.
A POST here carries an empty form: for those allowed, it is refused with messages (200) and
saves nothing.
"""

import pytest

from obligations.models import Evidence, ProgressEntry
from tests.factories import READERS
from tests.obligations import files

REFERENCE = "qazvin-ikrc-rural-1397"
PERSONAS = ["anonymous", "outsider", *READERS]
RURAL_WRITERS = {"rural_staff", "rural_focal"}


def read_only(method, persona):
    """Everyone in the agreement reads; a POST is refused before anything is looked up."""
    return 200 if method == "get" else 405


def rural_writers(method, persona):
    return 200 if persona in RURAL_WRITERS else 403


def author_only(method, persona):
    return 200 if persona == "rural_staff" else 403


VIEWS = {
    "commitment_list": (lambda o: f"/en/a/{REFERENCE}/commitments/", read_only),
    "commitment_detail": (lambda o: f"/en/a/{REFERENCE}/commitments/B5/", read_only),
    "entry_create": (lambda o: f"/en/a/{REFERENCE}/commitments/B5/log/", rural_writers),
    "entry_create_relief": (
        lambda o: f"/en/a/{REFERENCE}/commitments/A1/log/",
        lambda m, p: 200 if p == "relief_staff" else 403,
    ),
    "entry_create_joint": (
        lambda o: f"/en/a/{REFERENCE}/commitments/J1/log/",
        lambda m, p: 200 if p in RURAL_WRITERS | {"relief_staff"} else 403,
    ),
    "entry_edit": (lambda o: f"/en/entries/{o['entry'].pk}/edit/", author_only),
    "entry_withdraw": (lambda o: f"/en/entries/{o['entry'].pk}/withdraw/", author_only),
    "evidence_download": (lambda o: f"/en/evidence/{o['evidence'].pk}/", read_only),
    "evidence_thumbnail": (lambda o: f"/en/evidence/{o['evidence'].pk}/thumbnail/", read_only),
}


@pytest.fixture
def objects(agreement, rural_staff, commitment, log_entry):
    entry = log_entry(commitment("B5"), rural_staff)
    from obligations.evidence import validate_uploads
    from obligations.services import attach_evidence

    (evidence,) = attach_evidence(
        entry=entry, uploads=validate_uploads([files.upload("a.jpg", files.photo())]), uploaded_by=rural_staff
    )
    return {"entry": entry, "evidence": evidence}


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
        assert response.status_code == (405 if expected is read_only and method == "post" else 404)
    else:
        assert response.status_code == expected(method, persona)
    # Whatever the answer, an empty POST changes nothing.
    assert ProgressEntry.objects.count() == 1 and Evidence.objects.count() == 1
    objects["entry"].refresh_from_db()
    assert objects["entry"].version == 1
