"""Query budgets of the drafting pages: a draft of 300 commitments and a file of 300 rows cost what one does."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from agreement.models import Agreement
from drafting.importer import apply_import, upload_file
from drafting.services import discard_draft
from tests.drafting.conftest import as_csv, commitment_rows, make_draft

pytestmark = pytest.mark.django_db


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_draft_and_the_preview_do_not_grow_with_the_rows(client, draft, superuser, django_assert_max_num_queries):
    client.force_login(superuser)
    small = as_csv(commitment_rows(3)).encode()
    apply_import(upload=upload_file(agreement=draft, content=small, filename="a.csv", user=superuser), user=superuser)
    base = f"/drafts/{draft.reference}/"
    client.get(base)
    few_detail = _queries(client, base)
    rows = commitment_rows(300)
    rows[10][9] = "x"
    bad = upload_file(agreement=draft, content=as_csv(rows).encode(), filename="b.csv", user=superuser)
    good = upload_file(agreement=draft, content=as_csv(commitment_rows(300)).encode(), filename="c.csv", user=superuser)
    few_preview = _queries(client, f"{base}import/{bad.pk}/")
    with django_assert_max_num_queries(12):
        client.get(f"{base}import/{good.pk}/")
    apply_import(upload=good, user=superuser)
    assert _queries(client, base) == few_detail <= 12
    assert few_preview <= 12


def test_the_drafts_list_costs_the_same_with_many_discarded_drafts(client, draft, superuser, rural, relief):
    client.force_login(superuser)
    discard_draft(agreement=draft, by=superuser, reason="one")
    client.get("/drafts/")
    one = _queries(client, "/drafts/")
    for number in range(5):
        Agreement.objects.filter(reference=draft.reference).update(reference=f"gone-{number}")  # frees it
        discard_draft(agreement=make_draft(rural, relief), by=superuser, reason=f"reason {number}")
    assert Agreement.objects.filter(status="discarded").count() == 6
    assert _queries(client, "/drafts/") == one
