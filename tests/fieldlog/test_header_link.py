"""The header's "Field logging" link comes from the rule book (agreement.permissions.can_log_in_field
through config.navigation's `can_log_in_field`), not from a role string in the template (issue 22)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from agreement import permissions
from agreement.models import Agreement, Membership

LINK = 'class="field-link" href="/en/field/"'

# persona -> whether they log progress somewhere, so whether the header links to field logging
PERSONAS = {
    "rural_staff": True,
    "rural_focal": True,
    "relief_staff": True,
    "rural_member": True,  # a viewer, but with a seat on the joint committee: logs the joint commitments
    "relief_member": True,
    "rural_viewer": False,
    "relief_viewer": False,
    "monitor": False,
    "rural_misconfigured_monitor": False,
    "committee_member": False,  # a seat, but their party signed no agreement: reads only
    "outsider": False,  # staff of a party that signed nothing
    "superuser": False,  # no party: administers, never logs
}


@pytest.mark.parametrize(("persona", "expected"), PERSONAS.items())
def test_the_rule_and_the_header_agree_for_every_role(client, request, persona, expected):
    user = request.getfixturevalue(persona)
    assert permissions.can_log_in_field(user) is expected  # a user loaded without the backend's facts
    client.force_login(user)
    html = client.get("/en/inbox/").content.decode()
    assert (LINK in html) is expected


def test_the_rule_follows_the_role_not_a_cached_guess(client, rural_viewer):
    client.force_login(rural_viewer)
    assert LINK not in client.get("/en/inbox/").content.decode()
    Membership.objects.filter(user=rural_viewer).update(role=Membership.Role.STAFF)
    assert LINK in client.get("/en/inbox/").content.decode()


def test_a_party_whose_only_agreement_is_a_draft_does_not_log(client, agreement, rural_staff):
    Agreement.objects.filter(pk=agreement.pk).update(status=Agreement.Status.DRAFT)
    assert not permissions.can_log_in_field(rural_staff)
    client.force_login(rural_staff)
    assert LINK not in client.get("/en/inbox/").content.decode()


def _statements(client) -> int:
    client.get("/en/inbox/")
    with CaptureQueriesContext(connection) as captured:
        client.get("/en/inbox/")
    return len(captured)


def test_the_link_costs_no_query_of_its_own(client, rural_staff, rural_viewer, rural_member):
    """The facts come with the user (agreement.backends.MemberBackend): a viewer, whose answer needs
    both, asks no more than a staff member, whose role nearly settles it."""
    client.force_login(rural_staff)
    staff = _statements(client)
    client.force_login(rural_viewer)
    viewer = _statements(client)
    client.force_login(rural_member)
    member = _statements(client)
    assert staff == viewer == member
