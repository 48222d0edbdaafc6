"""Every amendments view against every role, GET and POST: the server decides, never the page.

anonymous -> sign-in redirect; outside the agreement -> 404; may read but not do it -> 403.
"""

import datetime as dt

import pytest

from amendments.models import Amendment, AmendmentChange, AmendmentConfirmation
from amendments.services import add_change
from tests.factories import READERS

REFERENCE = "qazvin-ikrc-rural-1397"
PERSONAS = ["anonymous", "outsider", *READERS]
DRAFTERS = {"rural_focal", "superuser"}


def read_only(method, persona):
    return 200 if method == "get" else 405


def drafters(method, persona):
    """An empty POST from a drafter is refused with the form's errors."""
    return 200 if persona in DRAFTERS else 403


def post_only(ok):
    def expected(method, persona):
        if method == "get":
            return 405
        return ok if persona in DRAFTERS - {"superuser"} or (ok == 400 and persona in DRAFTERS) else 403

    return expected


BASE = f"/en/a/{REFERENCE}"
VIEWS = {
    "amendment_list": (f"{BASE}/amendments/", read_only),
    "amendment_create": (f"{BASE}/amendments/new/", drafters),
    "amendment_detail": (f"{BASE}/amendments/1/", read_only),
    "amendment_change_create": (f"{BASE}/amendments/1/changes/", post_only(400)),
    # A confirmation is a party's act: its focal point, never an administrator.
    "amendment_confirm": (f"{BASE}/amendments/1/confirm/", post_only(302)),
    "amendment_scan": (f"{BASE}/amendments/1/scan/", read_only),
    "agreement_as_at": (f"{BASE}/as-at/", read_only),
    "commitment_wording": (f"{BASE}/commitments/B7/wording/", read_only),
}


@pytest.fixture
def amendment(draft, commitment, rural_focal):
    amendment = draft(dt.date(2025, 6, 22))
    add_change(
        amendment=amendment, action=AmendmentChange.Action.WITHDRAW, commitment=commitment("B12"), by=rural_focal
    )
    return amendment


@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("view", VIEWS)
def test_access(client, request, amendment, view, persona, method):
    url, expected = VIEWS[view]
    if persona != "anonymous":
        client.force_login(request.getfixturevalue(persona))
    response = getattr(client, method)(url)
    if persona == "anonymous":
        assert response.status_code == 302
        assert response["Location"].startswith("/en/accounts/login/")
    elif persona == "outsider":
        # A method the view does not take is refused before anything is looked up.
        assert response.status_code == (405 if expected(method, "outsider") == 405 else 404)
    else:
        assert response.status_code == expected(method, persona)
    # Only the focal point's confirmation writes anything; an empty form writes nothing.
    assert Amendment.objects.count() == 1
    assert AmendmentChange.objects.count() == 1
    confirmed = view == "amendment_confirm" and method == "post" and persona == "rural_focal"
    assert AmendmentConfirmation.objects.count() == (1 if confirmed else 0)


def test_a_focal_point_confirms_once_for_their_party(client, amendment, rural_focal):
    client.force_login(rural_focal)
    assert client.post(f"{BASE}/amendments/1/confirm/").status_code == 302
    assert client.post(f"{BASE}/amendments/1/confirm/").status_code == 403
    assert AmendmentConfirmation.objects.get().party == rural_focal.membership.party


def test_a_recorded_amendment_takes_no_more_changes(client, amendment, rural_focal, relief_focal, commitment):
    for person in (rural_focal, relief_focal):
        client.force_login(person)
        client.post(f"{BASE}/amendments/1/confirm/")
    amendment.refresh_from_db()
    assert amendment.is_recorded
    client.force_login(rural_focal)
    response = client.post(f"{BASE}/amendments/1/changes/", {"action": "withdraw", "commitment": commitment("B7").pk})
    assert response.status_code == 403
    assert amendment.changes.count() == 1


def test_a_drafter_adds_a_change_with_old_and_new_values(client, amendment, rural_focal, commitment):
    client.force_login(rural_focal)
    b7 = commitment("B7")
    response = client.post(
        f"{BASE}/amendments/1/changes/",
        {"action": "modify", "commitment": b7.pk, "indicator_target": "۲۰", "due_on": "2026-03-20"},
    )
    assert response.status_code == 302
    change = amendment.changes.get(position=2)
    assert change.values_after == {"indicator_target": "20", "due_on": "2026-03-20"}
    assert change.values_before == {"indicator_target": None, "due_on": None}
    page = client.get(f"{BASE}/amendments/1/")
    assert "2026-03-20" in page.text


def test_the_draft_form_stores_the_scan_and_the_rationale_as_typed(client, rural_focal):
    from tests.amendments.conftest import scan_file

    client.force_login(rural_focal)
    response = client.post(
        f"{BASE}/amendments/new/",
        {
            "number": "2",
            "signed_on": "1404/03/10",
            "effective_on": "۱۴۰۴/۰۴/۰۱",
            "rationale_fa": "دلايل كاري",  # Arabic yeh and kaf, kept as typed
            "scan": scan_file(),
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    amendment = Amendment.objects.get(number=2)
    assert amendment.rationale_fa == "دلايل كاري"
    assert amendment.effective_on == dt.date(2025, 6, 22)
    assert amendment.scan.read().startswith(b"%PDF")


def test_a_scan_that_is_not_a_document_is_refused(client, rural_focal):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(rural_focal)
    response = client.post(
        f"{BASE}/amendments/new/",
        {"number": "2", "signed_on": "1404/03/10", "effective_on": "1404/04/01", "rationale_fa": "x",
         "scan": SimpleUploadedFile("a.pdf", b"MZ\x90\x00not a pdf")},
    )  # fmt: skip
    assert response.status_code == 200
    assert not Amendment.objects.filter(number=2).exists()
