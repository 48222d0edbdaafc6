# ruff: noqa: F811  (the fixtures imported from the sibling modules are parameters here)
"""A draft discarded on purpose: kept with who, when and why, hidden from lists, and no longer
blocking a new renewal of the agreement it renewed. A live agreement is never discarded."""

import pytest
from django.db import IntegrityError, transaction

from agreement.models import Agreement
from drafting.services import DraftError, discard_draft
from obligations.models import Commitment
from tests.drafting.test_access_matrix import overseer, registrar  # noqa: F401  # fixtures
from tests.drafting.test_renewal import _renew, ending  # noqa: F401  # fixtures and helper
from tests.factories import PERSONAS

pytestmark = pytest.mark.django_db

DRAFTERS = {"superuser", "registrar"}
REASON = "دو بار پیش‌نویس شد؛ این یکی اشتباه است"


def _add_commitment(draft, number="A1"):
    return Commitment.objects.create(agreement=draft, owner=None, number=number, text_fa="تعهد", position=1)


@pytest.mark.parametrize("persona", [*PERSONAS, "registrar", "overseer"])
def test_only_administrators_and_registrars_discard_and_only_with_a_reason(client, request, draft, persona):
    url = f"/drafts/{draft.reference}/discard/"
    if persona != "anonymous":
        client.force_login(request.getfixturevalue(persona))
    response = client.post(url, {"reason": REASON})
    draft.refresh_from_db()
    if persona == "anonymous":
        assert response.status_code == 302 and "/login" in response["Location"]
    elif persona in DRAFTERS:
        assert response.status_code == 302 and response["Location"].endswith("/drafts/")
        assert draft.status == Agreement.Status.DISCARDED
        return
    else:
        assert response.status_code == 404
    assert draft.status == Agreement.Status.DRAFT and draft.discarded_at is None


def test_the_confirmation_page_asks_for_a_reason_in_the_readers_language(client, draft, registrar):
    client.force_login(registrar)
    page = client.get(f"/drafts/{draft.reference}/discard/")
    assert page.status_code == 200 and "چرا" in page.content.decode()
    refused = client.post(f"/en/drafts/{draft.reference}/discard/", {"reason": "   "})
    assert refused.status_code == 400 and "This field is required." in refused.content.decode()
    draft.refresh_from_db()
    assert draft.status == Agreement.Status.DRAFT


def test_nothing_is_lost_who_when_why_are_kept_and_lists_hide_it(client, draft, registrar):
    _add_commitment(draft)
    client.force_login(registrar)
    client.post(f"/en/drafts/{draft.reference}/discard/", {"reason": REASON})
    draft.refresh_from_db()
    assert (draft.status, draft.discarded_by, draft.discard_reason) == ("discarded", registrar, REASON)
    assert draft.discarded_at is not None
    assert Commitment.objects.filter(agreement=draft).count() == 1  # kept
    newest = draft.history.first()
    assert newest.history_user == registrar and newest.status == "discarded"
    assert newest.history_change_reason == REASON
    assert draft not in Agreement.objects.visible_to(registrar)
    listing = client.get("/en/drafts/").content.decode()
    assert "Discarded drafts" in listing and REASON in listing
    assert f'href="/en/drafts/{draft.reference}/"' not in listing  # no longer among the drafts
    assert client.get(f"/en/drafts/{draft.reference}/").status_code == 404
    assert client.get(f"/en/a/{draft.reference}/").status_code == 404
    assert draft.reference not in client.get("/en/").content.decode()


def test_a_live_agreement_is_never_discarded(client, agreement, registrar):
    with pytest.raises(DraftError):
        discard_draft(agreement=agreement, by=registrar, reason=REASON)
    client.force_login(registrar)
    assert client.post(f"/en/drafts/{agreement.reference}/discard/", {"reason": REASON}).status_code == 404
    agreement.refresh_from_db()
    assert agreement.status == Agreement.Status.IN_FORCE and agreement.discarded_at is None


def test_a_discarded_renewal_no_longer_blocks_a_new_one(client, ending, registrar):
    first = _renew(ending, registrar, reference="qazvin-renewal")
    carried = set(Commitment.objects.filter(agreement=first).values_list("carried_from_id", flat=True))
    with pytest.raises(DraftError):
        _renew(ending, registrar, reference="qazvin-renewal-b")
    discard_draft(agreement=first, by=registrar, reason=REASON)
    ending.refresh_from_db()
    assert ending.renewed_as_or_none is None
    client.force_login(registrar)
    assert client.get(f"/en/a/{ending.reference}/renew-as-new/").status_code == 200
    second = _renew(ending, registrar, reference="qazvin-renewal-b")
    assert second.continues == ending and Agreement.objects.get(pk=ending.pk).renewed_as_or_none == second
    assert set(Commitment.objects.filter(agreement=second).values_list("carried_from_id", flat=True)) == carried
    # The discarded draft keeps its commitments; which ones they carried stays in their history.
    kept = Commitment.objects.filter(agreement=first)
    assert kept.count() == len(carried) and not kept.filter(carried_from__isnull=False).exists()
    assert {c.history.filter(carried_from__isnull=False).first().carried_from_id for c in kept} == carried


def test_the_database_allows_one_renewal_besides_discarded_ones(ending, registrar):
    first = _renew(ending, registrar, reference="qazvin-renewal")
    with pytest.raises(IntegrityError), transaction.atomic():
        Agreement.objects.create(reference="x", title_fa="x", title_en="x", signed_on=first.signed_on, continues=ending)
    discard_draft(agreement=first, by=registrar, reason=REASON)
    Agreement.objects.create(reference="y", title_fa="y", title_en="y", signed_on=first.signed_on, continues=ending)


def test_the_database_refuses_a_discarded_agreement_without_who_when_why(draft):
    with pytest.raises(IntegrityError), transaction.atomic():
        Agreement.objects.filter(pk=draft.pk).update(status="discarded")
