"""Export the commitments, import the file unchanged: nothing to change (dashboard.exports ↔ drafting.importer)."""

import pytest
from django.utils import translation

from drafting.importer import apply_import, preview_file, upload_file
from obligations.models import Commitment
from tests.drafting.conftest import as_csv, commitment_rows

pytestmark = pytest.mark.django_db


def _export(client, agreement, format_: str, prefix: str = "") -> bytes:
    response = client.get(f"{prefix}/a/{agreement.reference}/export/commitments/", {"format": format_})
    assert response.status_code == 200
    return b"".join(response.streaming_content)


@pytest.mark.parametrize("format_", ["csv", "xlsx"])
@pytest.mark.parametrize("language", ["fa", "en"])
def test_the_qazvin_export_read_back_has_nothing_to_change(client, agreement, superuser, format_, language):
    client.force_login(superuser)
    content = _export(client, agreement, format_, "" if language == "fa" else "/en")
    with translation.override(language):
        preview = preview_file(agreement, content)
    assert preview.errors == []
    assert preview.nothing_to_change
    assert preview.unchanged == Commitment.objects.filter(agreement=agreement).count() == 20


def test_a_drafts_export_read_back_has_nothing_to_change(client, draft, superuser):
    content = as_csv(commitment_rows(30)).encode()
    apply_import(upload=upload_file(agreement=draft, content=content, filename="c.csv", user=superuser), user=superuser)
    client.force_login(superuser)
    for format_ in ("csv", "xlsx"):
        preview = preview_file(draft, _export(client, draft, format_))
        assert preview.errors == [] and preview.nothing_to_change and preview.unchanged == 30
