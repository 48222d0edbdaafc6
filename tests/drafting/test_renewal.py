"""A renewal as a new agreement: a draft carrying the open commitments over, linked both ways."""

import datetime as dt

import pytest
from django.contrib.auth.models import Permission
from django.db import IntegrityError, transaction

from agreement.models import Agreement
from drafting.services import DraftError, draft_renewal
from obligations.models import Commitment, Status
from terms.services import set_term
from tests.factories import PERSONAS

pytestmark = pytest.mark.django_db

REFERENCE = "qazvin-ikrc-rural-1397"
TODAY = dt.date.today()


@pytest.fixture
def registrar(django_user_model, agreement):
    user = django_user_model.objects.create_user(username="registrar", password="pw-for-tests-1397", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="add_agreement"))
    return user


@pytest.fixture
def ending(agreement, superuser):
    """The Qazvin agreement with a term ending in 30 days, and B1 completed."""
    set_term(
        agreement=agreement, starts_on=agreement.signed_on, ends_on=TODAY + dt.timedelta(days=30), notice_days=90,
        renews_itself=False, by=superuser,
    )  # fmt: skip
    Commitment.objects.filter(agreement=agreement, number="B1").update(status=Status.COMPLETED)
    agreement.refresh_from_db()
    return agreement


def _renew(agreement, by, reference="qazvin-renewal"):
    return draft_renewal(
        agreement=agreement,
        by=by,
        reference=reference,
        title_fa="تفاهم‌نامه تمدیدشده",
        title_en="Renewed memorandum",
        signed_on=TODAY,
        starts_on=TODAY + dt.timedelta(days=31),
        ends_on=TODAY + dt.timedelta(days=31 + 365),
    )


def test_the_renewal_carries_the_parties_and_the_open_commitments_over(ending, registrar):
    new = _renew(ending, registrar)
    assert new.status == Agreement.Status.DRAFT and new.continues == ending and ending.renewed_as_or_none == new
    old_sign = [(s.label, s.party_id, s.is_monitoring_party, s.signatory_name_fa) for s in ending.signatories.all()]
    new_sign = [(s.label, s.party_id, s.is_monitoring_party, s.signatory_name_fa) for s in new.signatories.all()]
    assert new_sign == old_sign
    assert [c.code for c in new.counties.all()] == [c.code for c in ending.counties.all()]
    open_old = Commitment.objects.filter(agreement=ending).exclude(status=Status.COMPLETED)
    carried = Commitment.objects.filter(agreement=new)
    assert carried.count() == open_old.count() > 0
    assert not carried.filter(number="B1").exists()
    for commitment in carried.select_related("carried_from"):
        before = commitment.carried_from
        assert before.agreement_id == ending.pk and before.number == commitment.number
        fields = ("owner_id", "text_fa", "indicator_kind", "indicator_target", "indicator_baseline")
        assert [getattr(commitment, name) for name in fields] == [getattr(before, name) for name in fields]
        assert commitment.due_on is None or commitment.due_on >= new.starts_on
        assert commitment.status == Status.NOT_STARTED
        assert commitment.history.first().history_user == registrar
    assert new.history.first().history_user == registrar


def test_an_agreement_is_renewed_once(ending, registrar, superuser):
    _renew(ending, registrar)
    with pytest.raises(DraftError):
        _renew(ending, superuser, reference="qazvin-renewal-again")
    # The database refuses a second one too, whoever writes it.
    second = Agreement(reference="x", title_fa="x", title_en="x", signed_on=TODAY, continues=ending)
    with pytest.raises(IntegrityError), transaction.atomic():
        second.save()


def test_it_is_started_from_the_term_page_and_activated_through_the_drafts_confirmation(
    client, ending, registrar, rural_staff
):
    client.force_login(registrar)
    term_page = client.get(f"/en/a/{REFERENCE}/term/").content.decode()
    assert f"/en/a/{REFERENCE}/renew-as-new/" in term_page
    form = client.get(f"/en/a/{REFERENCE}/renew-as-new/")
    assert form.status_code == 200 and form.context["form"].initial["reference"] == f"{REFERENCE}-2"
    data = {
        "reference": "qazvin-renewal",
        "title_fa": "تفاهم‌نامه تمدیدشده",
        "title_en": "Renewed memorandum",
        "signed_on": TODAY.isoformat(),
        "starts_on": (TODAY + dt.timedelta(days=31)).isoformat(),
        "ends_on": (TODAY + dt.timedelta(days=400)).isoformat(),
    }
    response = client.post(f"/en/a/{REFERENCE}/renew-as-new/", data)
    assert response.status_code == 302 and response.url == "/en/drafts/qazvin-renewal/"
    draft_page = client.get(response.url).content.decode()
    assert "Continues" in draft_page and "carried over" in draft_page
    # Staff of a party do not learn of the draft on the old agreement's page.
    client.force_login(rural_staff)
    assert "qazvin-renewal" not in client.get(f"/en/a/{REFERENCE}/term/").content.decode()
    # Activated through the existing confirmation: both pages link to each other.
    client.force_login(registrar)
    assert client.post("/en/drafts/qazvin-renewal/activate/").status_code == 302
    renewed = Agreement.objects.get(reference="qazvin-renewal")
    first = renewed.terms.get()  # its first term, as the draft's dates say, the old term's notice period
    assert (first.starts_on, first.ends_on, first.notice_days) == (TODAY + dt.timedelta(days=31), renewed.ends_on, 90)
    client.force_login(rural_staff)
    old_page = client.get(f"/en/a/{REFERENCE}/term/").content.decode()
    assert "Renewed as" in old_page and "/en/a/qazvin-renewal/term/" in old_page
    new_page = client.get("/en/a/qazvin-renewal/term/").content.decode()
    assert "Continues" in new_page and f"/en/a/{REFERENCE}/term/" in new_page
    carried = Commitment.objects.filter(agreement__reference="qazvin-renewal").first()
    page = client.get(f"/en/a/qazvin-renewal/commitments/{carried.number}/").content.decode()
    assert f"/en/a/{REFERENCE}/commitments/{carried.number}/" in page
    old = client.get(f"/en/a/{REFERENCE}/commitments/{carried.number}/").content.decode()
    assert f"/en/a/qazvin-renewal/commitments/{carried.number}/" in old
    # Starting again leads to the renewal there is.
    client.force_login(registrar)
    assert client.get(f"/en/a/{REFERENCE}/renew-as-new/").url == "/en/a/qazvin-renewal/term/"


def test_an_agreement_far_from_its_end_is_not_renewed_as_new(client, agreement, registrar, superuser):
    set_term(
        agreement=agreement, starts_on=agreement.signed_on, ends_on=TODAY + dt.timedelta(days=400), notice_days=90,
        renews_itself=False, by=superuser,
    )  # fmt: skip
    client.force_login(registrar)
    assert client.get(f"/en/a/{REFERENCE}/renew-as-new/").status_code == 403
    assert "renew-as-new" not in client.get(f"/en/a/{REFERENCE}/term/").content.decode()


@pytest.mark.parametrize("persona", [*PERSONAS, "registrar"])
def test_access(client, request, ending, persona):
    """anonymous -> sign-in; outsider -> 404; readers of the agreement -> 403; administrators and registrars -> 200."""
    user = None
    if persona != "anonymous":
        user = request.getfixturevalue(persona)
        client.force_login(user)
    url = f"/en/a/{REFERENCE}/renew-as-new/"
    for method in ("get", "post"):
        response = getattr(client, method)(url)
        if persona == "anonymous":
            expected = 302
        elif persona == "outsider":
            expected = 404
        elif persona in ("superuser", "registrar"):
            expected = 200 if method == "get" else 400  # an empty POST: the form's errors
        else:
            expected = 403
        assert response.status_code == expected, method
        assert not Agreement.objects.filter(continues=ending).exists()
