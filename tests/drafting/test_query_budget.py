"""Query budgets of the drafting pages: a draft of 300 commitments and a file of 300 rows cost what one does."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from drafting.importer import apply_import, upload_file
from tests.drafting.conftest import as_csv, commitment_rows

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
