import pytest

from agreement.models import Membership
from people import services

REFERENCE = "qazvin-ikrc-rural-1397"
PEOPLE_URL = f"/en/a/{REFERENCE}/people/"


@pytest.fixture
def relief_focal(django_user_model, relief):
    user = django_user_model.objects.create_user(
        username="relief-focal", password="pw-for-tests-1397", first_name="حسین", last_name="رضایی"
    )
    Membership.objects.create(user=user, party=relief, role=Membership.Role.FOCAL_POINT)
    return user


@pytest.fixture
def invite(agreement, rural):
    """invite(by, email=..., role=...): an invitation through the real service, as the form makes it."""

    def make(by, *, email="new.person@example.org", role="staff", language="fa", first="نرگس", last="کاظمی"):
        return services.invite_person(
            agreement=agreement,
            party=by.membership.party,
            by=by,
            first_name=first,
            last_name=last,
            email=email,
            role=role,
            language=language,
        )

    return make


def set_password(client, path, password):
    """Follow a set-password link (it moves the token into the session) and choose a password."""
    response = client.get(path)
    assert response.status_code == 302, "a valid link hides its token behind a redirect"
    form_url = response["Location"]
    assert client.get(form_url).status_code == 200
    return client.post(form_url, {"new_password1": password, "new_password2": password})
