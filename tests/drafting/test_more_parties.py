"""A draft with three parties (a tripartite memorandum): one monitors, commitments owed by any of them."""

import pytest

from agreement.models import Agreement, Party
from drafting.forms import MAX_PARTIES
from drafting.services import activate_draft
from obligations.models import Commitment
from tests.drafting.test_draft_flow import NEW

pytestmark = pytest.mark.django_db

THIRD = {
    "c_party": "",
    "c_new_code": "welfare-qazvin",
    "c_new_name_fa": "اداره کل بهزیستی قزوین",
    "c_new_name_en": "Qazvin Welfare Organisation",
    "c_signatory_name_fa": "پ",
    "c_signatory_name_en": "C",
    "c_signatory_title_fa": "مدیرکل",
    "c_signatory_title_en": "Director-General",
}


def test_another_party_is_added_to_the_form_keeping_what_was_typed(client, superuser):
    client.force_login(superuser)
    response = client.post("/en/drafts/new/", {**NEW, "add_party": "1"})
    assert response.status_code == 200 and not Agreement.objects.filter(reference=NEW["reference"]).exists()
    form = response.context["form"]
    assert form.labels == ("A", "B", "C") and not form.errors
    page = response.content.decode()
    assert 'name="c_signatory_name_fa"' in page and 'value="qazvin-health-1404"' in page
    assert 'name="party_count" value="3"' in page and 'value="C"' in page


def test_a_tripartite_agreement_is_drafted_and_goes_live(client, superuser, relief, rural):
    client.force_login(superuser)
    response = client.post(
        "/en/drafts/new/", {**NEW, **THIRD, "b_party": relief.pk, "party_count": "3", "monitoring": "C"}
    )
    assert response.status_code == 302, response.context["form"].errors
    draft = Agreement.objects.get(reference="qazvin-health-1404")
    signatories = list(draft.signatories.order_by("label"))
    assert [s.label for s in signatories] == ["A", "B", "C"]
    welfare = Party.objects.get(code="welfare-qazvin")
    assert draft.monitoring_party == welfare and [s.is_monitoring_party for s in signatories] == [False, False, True]

    # The commitment form offers every party and a joint commitment.
    page = client.get("/en/drafts/qazvin-health-1404/").content.decode()
    assert "Qazvin Welfare Organisation" in page and "Joint (all parties)" in page
    for number, owner in (("W1", welfare.pk), ("J1", "")):
        typed = {"number": number, "owner": owner, "text_fa": "تعهد", "text_en": "", "category": ""}
        typed |= {"due_on": "", "indicator_unit_fa": "", "indicator_unit_en": "", "indicator_baseline": ""}
        typed |= {"indicator_target": "", "indicator_kind": "cumulative"}
        assert client.post("/en/drafts/qazvin-health-1404/commitments/", typed).status_code == 302
    assert {(c.number, c.owner_id) for c in Commitment.objects.filter(agreement=draft)} == {
        ("W1", welfare.pk),
        ("J1", None),
    }
    activate_draft(agreement=draft, by=superuser)
    # The dashboard has a figure for each of the three parties and the joint commitments.
    response = client.get("/en/a/qazvin-health-1404/dashboard/")
    assert response.status_code == 200
    board = response.content.decode()
    assert "Qazvin Welfare Organisation" in board or welfare.short_name in board


def test_a_party_named_twice_is_refused(client, superuser, relief):
    client.force_login(superuser)
    data = {**NEW, **THIRD, "b_party": relief.pk, "c_party": relief.pk, "party_count": "3"}
    data |= {"c_new_code": "", "c_new_name_fa": "", "c_new_name_en": ""}
    response = client.post("/en/drafts/new/", data)
    assert response.status_code == 200
    assert response.context["form"].errors["c_party"] == ["This is already party B: each party once."]


def test_the_monitoring_party_is_one_of_those_shown_and_the_count_has_limits(client, superuser, relief):
    client.force_login(superuser)
    response = client.post("/en/drafts/new/", {**NEW, "b_party": relief.pk, "monitoring": "C"})
    assert "monitoring" in response.context["form"].errors
    response = client.post("/en/drafts/new/", {**NEW, "add_party": "1", "party_count": str(MAX_PARTIES)})
    assert len(response.context["form"].labels) == MAX_PARTIES and "Add another party" not in response.content.decode()
