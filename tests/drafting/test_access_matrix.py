"""Every drafting view against every persona, GET and POST: drafts exist only for those who draft.

anonymous -> sign-in redirect; everyone but administrators and registrars -> 404 (a draft is not
theirs to know of, nor are the drafting pages); an administrator or registrar -> the page. Nothing
is stored by anyone refused.
"""

import pytest
from django.contrib.auth.models import Permission

from agreement.models import Agreement, Party
from drafting.importer import upload_file
from drafting.models import CommitmentImport
from obligations.models import Commitment
from tests.drafting.conftest import as_csv, commitment_rows
from tests.factories import PERSONAS

PERSONAS = [*PERSONAS, "registrar", "overseer"]
DRAFTERS = {"superuser", "registrar"}


@pytest.fixture
def registrar(django_user_model, agreement):
    """Staff given the "add agreement" permission in the admin: drafts and activates, nothing else."""
    user = django_user_model.objects.create_user(username="registrar", password="pw-for-tests-1397", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="add_agreement"))
    return user


@pytest.fixture
def overseer(django_user_model, agreement):
    from agreement.models import Overseer

    user = django_user_model.objects.create_user(username="overseer", password="pw-for-tests-1397")
    Overseer.objects.create(agreement=agreement, user=user)
    return user


def _snapshot(draft):
    return (
        Agreement.objects.filter(status="draft").count(),
        Party.objects.count(),
        Commitment.objects.filter(agreement=draft).count(),
        sorted(CommitmentImport.objects.values_list("pk", "applied_at")),
    )


@pytest.mark.parametrize("persona", PERSONAS)
def test_access(client, request, draft, superuser, persona):
    upload = upload_file(agreement=draft, content=as_csv(commitment_rows(2)).encode(), filename="c.csv", user=superuser)
    base = f"/en/drafts/{draft.reference}"
    views = {
        "draft_list": ("/en/drafts/", 200, 405),
        "draft_new": ("/en/drafts/new/", 200, 200),  # an empty POST shows the form again
        "draft_detail": (f"{base}/", 200, 405),
        "draft_commitment_add": (f"{base}/commitments/", 405, 400),
        "import_upload": (f"{base}/import/", 405, 400),
        "import_preview": (f"{base}/import/{upload.pk}/", 200, 405),
        "import_apply": (f"{base}/import/{upload.pk}/apply/", 405, 302),
        "draft_activate": (f"{base}/activate/", 200, 400),  # refused: it has no commitment yet
        "draft_discard": (f"{base}/discard/", 200, 400),  # refused: no reason given
    }
    user = None
    if persona != "anonymous":
        user = request.getfixturevalue(persona)
        client.force_login(user)
    for name, (url, get_status, post_status) in views.items():
        for method, drafter_status in (("get", get_status), ("post", post_status)):
            if name == "import_apply" and method == "post":
                continue  # applies; its own row below
            before = _snapshot(draft)
            response = getattr(client, method)(url)
            if persona == "anonymous":
                expected = 302  # to the sign-in page, whatever the method
            elif drafter_status == 405:
                expected = 405
            else:
                expected = drafter_status if persona in DRAFTERS else 404
            assert response.status_code == expected, (name, method)
            assert _snapshot(draft) == before, (name, method)
    response = client.post(f"{base}/import/{upload.pk}/apply/")
    stored = Commitment.objects.filter(agreement=draft).count()
    if persona in DRAFTERS:
        assert response.status_code == 302 and stored == 2
    else:
        assert response.status_code == (302 if persona == "anonymous" else 404) and stored == 0
