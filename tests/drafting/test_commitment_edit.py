# ruff: noqa: F811  (the fixtures imported from the sibling modules are parameters here)
"""A draft's commitments edited one by one, added and removed; a renewal's carried ones the same
way, offered (never imposed) the baseline their predecessor reached."""

import datetime as dt
from decimal import Decimal

import pytest

from obligations.models import Commitment
from tests.drafting.test_access_matrix import overseer, registrar  # noqa: F401  # fixtures
from tests.drafting.test_renewal import _renew, ending  # noqa: F401  # fixtures and helper
from tests.factories import PERSONAS

pytestmark = pytest.mark.django_db

DRAFTERS = {"superuser", "registrar"}


@pytest.fixture
def commitment(draft, rural):
    return Commitment.objects.create(
        agreement=draft, owner=rural, number="A1", text_fa="متن نخست", text_en="First text", position=1
    )


def _form(commitment, **changes):
    data = {
        "number": commitment.number,
        "owner": commitment.owner_id or "",
        "text_fa": commitment.text_fa,
        "text_en": commitment.text_en,
        "category": commitment.category,
        "due_on": "",
        "indicator_unit_fa": "",
        "indicator_unit_en": "",
        "indicator_baseline": "",
        "indicator_target": "",
        "indicator_kind": commitment.indicator_kind,
    }
    return data | changes


@pytest.mark.parametrize("persona", [*PERSONAS, "registrar", "overseer"])
def test_only_those_who_draft_edit_and_remove(client, request, draft, commitment, persona):
    url = f"/en/drafts/{draft.reference}/commitments/{commitment.pk}/"
    if persona != "anonymous":
        client.force_login(request.getfixturevalue(persona))
    got = client.get(url)
    edited = client.post(url, _form(commitment, text_fa="متن تازه"))
    removed = client.post(url + "remove/")
    if persona == "anonymous":
        assert (got.status_code, edited.status_code, removed.status_code) == (302, 302, 302)
    elif persona in DRAFTERS:
        assert (got.status_code, edited.status_code, removed.status_code) == (200, 302, 302)
        assert not Commitment.objects.filter(pk=commitment.pk).exists()
        return
    else:
        assert (got.status_code, edited.status_code, removed.status_code) == (404, 404, 404)
    commitment.refresh_from_db()
    assert commitment.text_fa == "متن نخست"


def test_every_field_is_edited_with_dates_in_either_calendar_and_any_digits(client, draft, commitment, registrar):
    client.force_login(registrar)
    url = f"/drafts/{draft.reference}/commitments/{commitment.pk}/"
    response = client.post(
        url,
        _form(
            commitment, number="A2", owner="", text_fa="متن تازه", text_en="New text", due_on="۱۴۰۴/۰۶/۳۱",
            indicator_kind="level", indicator_unit_fa="خانوار", indicator_unit_en="households",
            indicator_baseline="۱۲", indicator_target="۱٬۲۰۰",
        ),
    )  # fmt: skip
    assert response.status_code == 302
    commitment.refresh_from_db()
    assert (commitment.number, commitment.owner, commitment.text_en) == ("A2", None, "New text")
    assert commitment.due_on == dt.date(2025, 9, 22)
    assert (commitment.indicator_baseline, commitment.indicator_target) == (Decimal(12), Decimal(1200))
    assert commitment.history.first().history_user == registrar
    english = f"/en/drafts/{draft.reference}/commitments/{commitment.pk}/"
    for typed, meant in (("2025-10-01", dt.date(2025, 10, 1)), ("1404/07/10", dt.date(2025, 10, 2))):
        response = client.post(english, _form(commitment, owner="", due_on=typed, indicator_kind="level"))
        commitment.refresh_from_db()
        assert response.status_code == 302 and commitment.due_on == meant


def test_errors_are_per_field_in_the_readers_language_and_nothing_is_half_saved(
    client, draft, commitment, rural, registrar
):
    Commitment.objects.create(agreement=draft, owner=rural, number="A2", text_fa="دیگری", position=2)
    client.force_login(registrar)
    before = Commitment.objects.filter(pk=commitment.pk).values().get()
    response = client.post(
        f"/drafts/{draft.reference}/commitments/{commitment.pk}/",
        _form(commitment, number="A۲", text_fa="متن تازه", due_on="۱۴۰۴/۱۳/۰۱", indicator_target="بسیار"),
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "هیچ چیز ذخیره نشد" in page or "ذخیره نشد" in page
    assert page.count('class="field-error') >= 3 or page.count("errorlist") >= 3
    assert Commitment.objects.filter(pk=commitment.pk).values().get() == before
    english = client.post(f"/en/drafts/{draft.reference}/commitments/{commitment.pk}/", _form(commitment, text_fa=""))
    assert english.status_code == 400 and "This field is required." in english.content.decode()


def test_a_new_one_is_added_and_an_other_agreements_commitment_is_not_reached(
    client, draft, commitment, agreement, registrar
):
    client.force_login(registrar)
    other = Commitment.objects.filter(agreement=agreement).first()
    assert client.get(f"/en/drafts/{draft.reference}/commitments/{other.pk}/").status_code == 404
    assert client.post(f"/en/drafts/{draft.reference}/commitments/{other.pk}/remove/").status_code == 404
    response = client.post(f"/en/drafts/{draft.reference}/commitments/", _form(commitment, number="A3"))
    assert response.status_code == 302 and Commitment.objects.filter(agreement=draft).count() == 2


def test_a_live_agreements_commitments_are_not_edited_here(client, agreement, registrar):
    client.force_login(registrar)
    live = Commitment.objects.filter(agreement=agreement).first()
    assert client.get(f"/en/drafts/{agreement.reference}/commitments/{live.pk}/").status_code == 404


def test_a_carried_commitment_is_offered_its_predecessors_reached_baseline(client, ending, registrar):
    old = Commitment.objects.filter(agreement=ending).exclude(status="completed").order_by("position").first()
    Commitment.objects.filter(pk=old.pk).update(progress_verified=50, indicator_baseline=0, indicator_target=200)
    new = _renew(ending, registrar)
    carried = Commitment.objects.get(agreement=new, carried_from=old)
    client.force_login(registrar)
    url = f"/en/drafts/{new.reference}/commitments/{carried.pk}/"
    page = client.get(url).content.decode()
    assert "Baseline from the predecessor: 100" in page
    offered = client.post(url, _form(carried, owner=carried.owner_id or "", use_reached="1", text_en="Typed"))
    assert offered.status_code == 200
    body = offered.content.decode()
    assert 'name="indicator_baseline" value="100' in body and "Typed" in body
    carried.refresh_from_db()
    assert carried.indicator_baseline == Decimal(0) and carried.text_en != "Typed"  # offered, not saved
    kept = client.post(
        url, _form(carried, owner=carried.owner_id or "", indicator_baseline="7", indicator_target="200")
    )
    assert kept.status_code == 302
    carried.refresh_from_db()
    assert carried.indicator_baseline == Decimal(7) and carried.carried_from == old


def test_without_a_target_there_is_no_baseline_to_offer(client, ending, registrar):
    old = Commitment.objects.filter(agreement=ending).exclude(status="completed").order_by("position").first()
    Commitment.objects.filter(pk=old.pk).update(progress_verified=50, indicator_baseline=3, indicator_target=None)
    new = _renew(ending, registrar)
    carried = Commitment.objects.get(agreement=new, carried_from=old)
    client.force_login(registrar)
    url = f"/en/drafts/{new.reference}/commitments/{carried.pk}/"
    assert "Baseline from the predecessor" not in client.get(url).content.decode()
    response = client.post(url, _form(carried, owner=carried.owner_id or "", use_reached="1", indicator_baseline="3"))
    carried.refresh_from_db()
    assert response.status_code == 302 and carried.indicator_baseline == 3  # an ordinary save
