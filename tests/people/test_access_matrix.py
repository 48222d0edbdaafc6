"""Every People view against every role, GET and POST: the server decides, never the page.

anonymous -> sign-in redirect; outside the agreement -> 404; in the agreement but not allowed
to see the People page, or allowed to see a person but not to change them -> 403. A focal point
sees only their own party: another party's person is a 404 for them.
"""

import pytest
from django.contrib.auth import get_user_model
from django.core import mail

from agreement.models import Membership
from people.models import PasswordLink
from tests.factories import PERSONAS
from tests.people.conftest import REFERENCE

# The shared personas, plus the relief committee's focal point and a rural-affairs viewer who
# sits on the joint committee.
PERSONAS = [*PERSONAS, "relief_focal", "rural_member"]
SEE_ALL = {"monitor", "committee_member", "superuser", "rural_member"}
FOCAL = {"rural_focal", "relief_focal"}


def list_page(method, persona):
    if method == "post":
        return 405
    return 200 if persona in SEE_ALL | FOCAL else 403


def focal_only(method, persona):
    """Invite: a focal point, and the administrator who appoints a live agreement's first people
    (issue 23); GET shows the form, an empty POST shows it again with errors."""
    return 200 if persona in FOCAL | {"superuser"} else 403


def change_rural(method, persona):
    """Changing a rural-affairs person: their focal point (a confirmation page, then the change);
    those who see everyone may only look."""
    if persona == "rural_focal":
        return 200 if method == "get" else 302
    return 404 if persona == "relief_focal" else 403


def role_rural(method, persona):
    """The role form: an empty POST shows the form again."""
    if persona == "rural_focal":
        return 200
    return 404 if persona == "relief_focal" else 403


def change_relief(method, persona):
    """A relief-committee person: their own focal point; the rural focal point does not even see them."""
    if persona == "relief_focal":
        return 200 if method == "get" else 302
    return 404 if persona == "rural_focal" else 403


def link_rural(method, persona):
    """A set-password link for a rural-affairs person: their focal point, and the administrator."""
    if persona in ("rural_focal", "superuser"):
        return 200 if method == "get" else 302
    return 404 if persona == "relief_focal" else 403


def link_relief(method, persona):
    if persona in ("relief_focal", "superuser"):
        return 200 if method == "get" else 302
    return 404 if persona == "rural_focal" else 403


def role_relief(method, persona):
    if persona == "relief_focal":
        return 200
    return 404 if persona == "rural_focal" else 403


def target(o):
    return o["target"].pk


VIEWS = {
    "people_list": (lambda o: f"/en/a/{REFERENCE}/people/", list_page),
    "person_invite": (lambda o: f"/en/a/{REFERENCE}/people/invite/", focal_only),
    "person_role": (lambda o: f"/en/a/{REFERENCE}/people/{target(o)}/role/", role_rural),
    "person_deactivate": (lambda o: f"/en/a/{REFERENCE}/people/{target(o)}/deactivate/", change_rural),
    "person_reactivate": (lambda o: f"/en/a/{REFERENCE}/people/{target(o)}/reactivate/", change_rural),
    "person_resend": (lambda o: f"/en/a/{REFERENCE}/people/{target(o)}/resend/", change_rural),
    "person_password_link": (lambda o: f"/en/a/{REFERENCE}/people/{target(o)}/password-link/", link_rural),
    "person_role_relief": (lambda o: f"/en/a/{REFERENCE}/people/{o['relief'].pk}/role/", role_relief),
    "person_password_link_relief": (
        lambda o: f"/en/a/{REFERENCE}/people/{o['relief'].pk}/password-link/",
        link_relief,
    ),
    "person_deactivate_relief": (
        lambda o: f"/en/a/{REFERENCE}/people/{o['relief'].pk}/deactivate/",
        change_relief,
    ),
}


@pytest.fixture
def objects(django_user_model, rural, relief):
    target = django_user_model.objects.create_user(
        username="rural-target", email="rural-target@example.org", password="pw-for-tests-1397"
    )
    Membership.objects.create(user=target, party=rural, role=Membership.Role.STAFF)
    other = django_user_model.objects.create_user(
        username="relief-target", email="relief-target@example.org", password="pw-for-tests-1397"
    )
    Membership.objects.create(user=other, party=relief, role=Membership.Role.STAFF)
    return {"target": target, "relief": other}


def snapshot():
    User = get_user_model()
    users = sorted(User.objects.values_list("username", "is_active", "password"))
    roles = sorted(Membership.objects.values_list("user__username", "role"))
    links = sorted(PasswordLink.objects.values_list("user__username", "number"))
    return users, roles, links, len(mail.outbox)


# One test per persona, every view and verb inside it (loading the agreement is the slow part).
# The views run in this order: the focal point's POST deactivates the target, then reactivates them.
CHANGES = {
    # A reactivated person chooses a new password through a link (issue 18): until then they are
    # invited again, so the resend that follows in the walk sends a fresh link, and the
    # forgotten-password link after it is refused ("send the invitation again instead").
    "rural_focal": {("person_deactivate", "post"), ("person_reactivate", "post"), ("person_resend", "post")},
    "relief_focal": {("person_password_link_relief", "post"), ("person_deactivate_relief", "post")},
    # An administrator changes people in the Django admin; here they only send set-password links.
    "superuser": {("person_password_link", "post"), ("person_password_link_relief", "post")},
}


@pytest.mark.parametrize("persona", PERSONAS)
def test_access(client, request, objects, persona):
    if persona != "anonymous":
        client.force_login(request.getfixturevalue(persona))
    for view, (url_for, expected) in VIEWS.items():
        for method in ("get", "post"):
            before = snapshot()
            response = getattr(client, method)(url_for(objects))
            where = f"{method.upper()} {view} as {persona}"
            if persona == "anonymous":
                assert response.status_code == 302, where
                assert response["Location"].startswith("/en/accounts/login/"), where
            elif persona == "outsider":
                assert response.status_code == (405 if view == "people_list" and method == "post" else 404), where
            else:
                assert response.status_code == expected(method, persona), where
            # Only the focal point's confirmed POSTs on their own party's person change anything: an
            # empty POST to the role form changes nothing, and a resend to someone with a password
            # is refused. A set-password link changes no password: it shows as a new link number
            # and an e-mail.
            changed = snapshot() != before
            assert changed == ((view, method) in CHANGES.get(persona, set())), where
