"""A new agreement drafted in the app, invisible to staff until it is activated, then its people invited."""

import pytest
from django.core import mail

from agreement.models import Agreement, Membership, Party
from obligations.models import Commitment

pytestmark = pytest.mark.django_db

NEW = {
    "reference": "qazvin-health-1404",
    "title_fa": "تفاهم‌نامه سلامت روستا",
    "title_en": "Rural health memorandum",
    "signed_on": "۱۴۰۴/۰۲/۱۵",
    "starts_on": "1404/03/01",
    "ends_on": "1406/02/31",
    "purpose_fa": "",
    "purpose_en": "",
    "a_party": "",
    "a_new_code": "health-qazvin",
    "a_new_name_fa": "دانشگاه علوم پزشكي قزوين",  # Arabic ك and ي, stored as Persian ک and ی
    "a_new_name_en": "Qazvin University of Medical Sciences",
    "a_signatory_name_fa": "دکتر الف",
    "a_signatory_name_en": "Dr A",
    "a_signatory_title_fa": "رئیس",
    "a_signatory_title_en": "Chancellor",
    "b_new_code": "",
    "b_new_name_fa": "",
    "b_new_name_en": "",
    "b_signatory_name_fa": "ب",
    "b_signatory_name_en": "B",
    "b_signatory_title_fa": "مدیرکل",
    "b_signatory_title_en": "Director-General",
    "monitoring": "B",
    "counties": "abyek، آبیک، Abyek\ntakestan, تاکستان, Takestan",
}


def test_a_drafted_agreement_goes_live_through_its_confirmation_page(client, superuser, relief, rural_staff):
    client.force_login(superuser)
    response = client.post("/drafts/new/", {**NEW, "b_party": relief.pk})
    assert response.status_code == 302, response.context["form"].errors
    draft = Agreement.objects.get(reference="qazvin-health-1404")
    assert draft.status == "draft" and str(draft.signed_on) == "2025-05-05" and str(draft.ends_on) == "2027-05-21"
    health = Party.objects.get(code="health-qazvin")
    assert health.name_fa == "دانشگاه علوم پزشکی قزوین"
    assert [(c.code, c.name_fa) for c in draft.counties.all()] == [("abyek", "آبیک"), ("takestan", "تاکستان")]
    assert draft.monitoring_party == relief and draft.history.first().history_user == superuser

    # Invisible to staff of its party while it is a draft, wherever they look.
    client.force_login(rural_staff)
    Membership.objects.filter(user=rural_staff).update(party=relief)
    assert "qazvin-health-1404" not in client.get("/en/").content.decode()
    assert client.get("/en/a/qazvin-health-1404/my-work/").status_code == 404
    assert client.get("/en/a/qazvin-health-1404/dashboard/").status_code == 404

    client.force_login(superuser)
    typed = {
        "number": "H۱",
        "owner": health.pk,
        "text_fa": "پوشش بیمه روستاییان",
        "text_en": "",
        "category": "",
        "due_on": "1405/06/31",
        "indicator_unit_fa": "نفر",
        "indicator_unit_en": "",
        "indicator_baseline": "",
        "indicator_target": "۱٬۲۰۰",
        "indicator_kind": "cumulative",
    }
    page = client.get("/drafts/qazvin-health-1404/activate/")
    assert page.status_code == 200
    refused = client.post("/drafts/qazvin-health-1404/activate/")
    assert refused.status_code == 400 and "حداقل یک تعهد" in refused.content.decode()
    assert client.post("/drafts/qazvin-health-1404/commitments/", typed).status_code == 302
    h1 = Commitment.objects.get(agreement=draft)
    assert (h1.number, h1.indicator_target, h1.owner) == ("H۱", 1200, health)
    again = client.post("/drafts/qazvin-health-1404/commitments/", typed)
    assert again.status_code == 400  # the same number twice for one owner
    assert Commitment.objects.filter(agreement=draft).count() == 1

    response = client.post("/drafts/qazvin-health-1404/activate/")
    assert response.status_code == 302 and response["Location"] == "/a/qazvin-health-1404/people/"
    draft.refresh_from_db()
    assert draft.status == "in_force"
    assert client.get("/drafts/qazvin-health-1404/").status_code == 404  # no longer a draft

    # The administrator invites the new party's focal point and the monitoring party's monitor.
    invite = client.get("/en/a/qazvin-health-1404/people/invite/")
    assert invite.status_code == 200
    roles = [value for value, _label in invite.context["form"].fields["role"].choices]
    assert roles == ["staff", "focal_point", "viewer", "monitor"]
    for party, email, role in (
        (health, "focal@health.example", "focal_point"),
        (relief, "m@relief.example", "monitor"),
    ):
        response = client.post(
            "/en/a/qazvin-health-1404/people/invite/",
            {"party": party.pk, "first_name": "N", "last_name": "M", "email": email, "role": role, "language": "fa"},
        )
        assert response.status_code == 302, response.context["form"].errors
    assert sorted(Membership.objects.filter(user__email__endswith=".example").values_list("party__code", "role")) == [
        ("health-qazvin", "focal_point"),
        ("ikrc-qazvin", "monitor"),
    ]
    assert len(mail.outbox) == 2
    # A monitor only in the monitoring party.
    response = client.post(
        "/en/a/qazvin-health-1404/people/invite/",
        {
            "party": health.pk,
            "first_name": "N",
            "last_name": "M",
            "email": "x@h.example",
            "role": "monitor",
            "language": "fa",
        },
    )
    assert response.status_code == 200 and not Membership.objects.filter(user__email="x@h.example").exists()
    assert "A focal point cannot give this role." in response.content.decode()

    # Live now: the relief committee's staff see it.
    client.force_login(rural_staff)
    assert client.get("/en/a/qazvin-health-1404/my-work/").status_code == 200


def test_the_new_agreement_form_names_what_is_missing(client, superuser):
    client.force_login(superuser)
    response = client.post("/en/drafts/new/", {**NEW, "a_new_code": "", "counties": "abyek, Abyek"})
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "a_party" in errors and "b_party" in errors and "counties" in errors
    assert not Agreement.objects.filter(reference="qazvin-health-1404").exists()


def test_those_who_draft_find_the_drafts_from_the_home_page(client, superuser, draft, rural_staff):
    client.force_login(superuser)
    html = client.get("/en/").content.decode()
    assert 'href="/en/drafts/"' in html and 'href="/en/portfolio/"' in html
    assert draft.reference not in html  # listed on the drafts page, not among the live agreements
    assert draft.reference in client.get("/en/drafts/").content.decode()
    client.force_login(rural_staff)
    assert client.get("/en/").status_code == 302  # one live agreement: straight to the work
