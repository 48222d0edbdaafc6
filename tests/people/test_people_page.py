"""The People page and the focal point's changes: deactivate, reactivate, change role, the history."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core import mail

from agreement.models import Membership
from people import services
from tests.people.conftest import PEOPLE_URL, REFERENCE

FA_URL = f"/a/{REFERENCE}/people/"


def person_url(user, action, language="en"):
    prefix = "/en" if language == "en" else ""
    return f"{prefix}/a/{REFERENCE}/people/{user.pk}/{action}/"


def sign_in(client, user, password="pw-for-tests-1397"):
    return client.post("/en/accounts/login/", {"username": user.username, "password": password})


def test_a_focal_point_sees_their_own_party_only_with_roles_and_statuses(
    client, rural_focal, rural_staff, relief_staff, invite
):
    invite(rural_focal)
    client.force_login(rural_focal)
    response = client.get(PEOPLE_URL)
    text = response.content.decode()
    assert response.status_code == 200
    assert "rural-staff" in text and "relief-staff" not in text
    assert "Invited, not yet signed in" in text and "Active" in text
    assert "Invite someone" in text
    assert f'href="{PEOPLE_URL}" aria-current="page"' in text, "People is in the header navigation"


def test_monitors_see_both_parties_read_only(client, monitor, rural_staff, relief_staff, rural_focal):
    client.force_login(monitor)
    text = client.get(PEOPLE_URL).content.decode()
    assert "rural-staff" in text and "relief-staff" in text and "rural-focal" in text
    assert "Invite someone" not in text and "Deactivate" not in text and "Change role" not in text


def test_staff_do_not_see_the_link_in_the_navigation(client, rural_staff):
    client.force_login(rural_staff)
    text = client.get(f"/en/a/{REFERENCE}/commitments/").content.decode()
    assert PEOPLE_URL not in text


def test_the_persian_page_has_persian_digits_and_labels(client, rural_focal, rural_staff):
    sign_in(client, rural_staff)
    client.force_login(rural_focal)
    text = client.get(FA_URL).content.decode()
    assert 'dir="rtl"' in text and "افراد" in text and "آخرین ورود" in text
    assert "کارشناس" in text and "فعال" in text
    row = text[text.index("rural-staff") :]
    shown = re.search(r"<time [^>]*>([^<]*)</time>", row[: row.index("</tr>")]).group(1)
    assert re.fullmatch(r"[۰-۹/: ]+", shown), shown


@pytest.mark.parametrize(
    "typed",
    ["علي", "رضا‌يي", "rural-staff", "RURAL-STAFF", "عليرضا"],
    ids=["arabic-ye", "zwnj-and-arabic-ye", "username", "capitals", "no-space"],
)
def test_search_finds_a_name_however_it_was_typed(client, rural_focal, rural_staff, rural_viewer, typed):
    rural_staff.first_name, rural_staff.last_name = "علی", "رضایی"
    rural_staff.save()
    client.force_login(rural_focal)
    text = client.get(PEOPLE_URL, {"q": typed}).content.decode()
    text = text[: text.index("Recent changes")]
    assert "rural-staff" in text
    assert "rural-viewer" not in text


@pytest.mark.parametrize("reader", ["rural_focal", "monitor", "superuser"])
def test_the_list_costs_the_same_with_many_people(
    client, request, reader, rural_focal, django_assert_max_num_queries, invite
):
    """13 queries with 3 people or 43: the people in one, the recent changes in two; the actions
    (a set-password link for those who have set a password) cost nothing more."""
    for number in range(40):
        invite(rural_focal, email=f"person{number}@example.org")
    # Half of them have set a password since: those rows offer the set-password link.
    get_user_model().objects.filter(email__regex=r"^person[0-9]*[02468]@").update(password=make_password("x"))
    client.force_login(request.getfixturevalue(reader))
    client.get(PEOPLE_URL)  # warm the session and the translation caches
    with django_assert_max_num_queries(13):
        response = client.get(PEOPLE_URL)
    people = response.content.decode().split("Recent changes")[0]
    assert people.count("person3") == 11  # person3, person30..person39
    # The focal point's 20; the administrator's 20 and the focal point's own; the monitor's none.
    assert people.count("/password-link/") == {"rural_focal": 20, "superuser": 21, "monitor": 0}[reader]


def test_deactivating_ends_sign_in_and_open_sessions(client, rural_focal, rural_staff):
    other = client.__class__()
    assert sign_in(other, rural_staff).status_code == 302
    assert other.get(f"/en/a/{REFERENCE}/commitments/").status_code == 200

    client.force_login(rural_focal)
    confirm = client.get(person_url(rural_staff, "deactivate"))
    assert confirm.status_code == 200 and b"Deactivate" in confirm.content
    rural_staff.refresh_from_db()
    assert rural_staff.is_active, "the confirmation page changes nothing"
    response = client.post(person_url(rural_staff, "deactivate"), follow=True)
    assert b"is deactivated and can no longer sign in" in response.content
    rural_staff.refresh_from_db()
    assert not rural_staff.is_active

    assert other.get(f"/en/a/{REFERENCE}/commitments/").status_code == 302, "the open session ended"
    refused = sign_in(client.__class__(), rural_staff)
    assert refused.status_code == 200, "a deactivated person cannot sign in"

    client.post(person_url(rural_staff, "reactivate"))
    # Not with the old password: a reactivated person chooses a new one through the link sent.
    assert sign_in(client.__class__(), rural_staff).status_code == 200


def test_changes_are_in_the_history_with_who_and_on_the_page(client, rural_focal, rural_staff):
    client.force_login(rural_focal)
    client.post(person_url(rural_staff, "role"), {"role": "focal_point"})
    client.post(person_url(rural_staff, "deactivate"))
    rural_staff.membership.refresh_from_db()
    assert rural_staff.membership.role == "focal_point"

    role_row = rural_staff.membership.history.latest()
    assert (role_row.role, role_row.history_user, role_row.history_change_reason) == (
        "focal_point",
        rural_focal,
        "role_changed:staff",
    )
    account_row = get_user_model().history.filter(id=rural_staff.pk).latest()
    assert (account_row.is_active, account_row.history_user, account_row.history_change_reason) == (
        False,
        rural_focal,
        "deactivated",
    )
    text = client.get(PEOPLE_URL).content.decode()
    changes = text[text.index("Recent changes") :]
    assert "role changed from Staff to Focal point" in changes
    assert "deactivated" in changes and "by rural-focal" in changes

    fa = client.get(FA_URL).content.decode()
    assert "نقش از کارشناس به رابط تغییر کرد" in fa


def test_the_role_form_offers_only_what_a_focal_point_may_give(client, rural_focal, rural_staff):
    client.force_login(rural_focal)
    page = client.get(person_url(rural_staff, "role")).content.decode()
    assert 'value="viewer"' in page and 'value="focal_point"' in page and 'value="monitor"' not in page
    response = client.post(person_url(rural_staff, "role"), {"role": "monitor"})
    assert response.status_code == 200
    rural_staff.membership.refresh_from_db()
    assert rural_staff.membership.role == "staff"
    same = client.post(person_url(rural_staff, "role"), {"role": "staff"})
    assert b"already has that role" in same.content


def test_a_focal_point_cannot_change_themselves_or_a_monitor(client, relief_focal, monitor):
    client.force_login(relief_focal)
    for action in ("deactivate", "role"):
        assert client.post(person_url(relief_focal, action), {"role": "staff"}).status_code == 403
        assert client.post(person_url(monitor, action), {"role": "staff"}).status_code == 403
    relief_focal.refresh_from_db()
    monitor.refresh_from_db()
    assert relief_focal.is_active and monitor.is_active
    assert relief_focal.membership.role == "focal_point" and monitor.membership.role == "monitor"
    text = client.get(PEOPLE_URL).content.decode()
    assert "appointed by the administrator" in text


def test_two_focal_points_deactivating_each_other_leave_one(rural_focal, django_user_model, rural):
    second = django_user_model.objects.create_user(username="rural-focal-2", password="pw-for-tests-1397")
    Membership.objects.create(user=second, party=rural, role=Membership.Role.FOCAL_POINT)
    # Both loaded the page while both were active; the first POST wins.
    services.deactivate_person(membership=second.membership, by=rural_focal)
    with pytest.raises(services.PeopleError, match="تنها رابط"):
        services.deactivate_person(membership=rural_focal.membership, by=second)
    rural_focal.refresh_from_db()
    assert rural_focal.is_active


def test_a_demoted_focal_point_can_no_longer_change_people(rural_focal, django_user_model, rural, rural_staff):
    second = django_user_model.objects.create_user(username="rural-focal-2", password="pw-for-tests-1397")
    Membership.objects.create(user=second, party=rural, role=Membership.Role.FOCAL_POINT)
    services.change_role(membership=second.membership, by=rural_focal, role="staff")
    second.refresh_from_db()
    with pytest.raises(services.PeopleError):
        services.deactivate_person(membership=rural_staff.membership, by=second)


def test_a_refused_change_says_why_and_saves_nothing(client, rural_focal, rural_staff):
    client.force_login(rural_focal)
    response = client.post(person_url(rural_staff, "resend"), follow=True)
    assert b"Only someone invited who has not signed in yet" in response.content
    assert get_user_model().history.filter(id=rural_staff.pk).count() == 1


def test_signing_in_writes_no_history_row(client, rural_staff):
    before = get_user_model().history.filter(id=rural_staff.pk).count()
    assert sign_in(client, rural_staff).status_code == 302
    rural_staff.refresh_from_db()
    assert rural_staff.last_login is not None
    assert get_user_model().history.filter(id=rural_staff.pk).count() == before


def test_a_get_never_changes_anything(client, rural_focal, rural_staff):
    client.force_login(rural_focal)
    for action in ("deactivate", "resend", "role", "password-link"):
        assert client.get(person_url(rural_staff, action)).status_code == 200
    rural_staff.refresh_from_db()
    assert rural_staff.is_active and rural_staff.has_usable_password()
    assert mail.outbox == [] and get_user_model().history.filter(id=rural_staff.pk).count() == 1


def test_the_admin_shows_an_accounts_history_but_never_reverts_it(client, superuser, rural_focal, rural_staff):
    services.deactivate_person(membership=rural_staff.membership, by=rural_focal)
    client.force_login(superuser)
    page = client.get(f"/en/admin/auth/user/{rural_staff.pk}/history/")
    assert page.status_code == 200 and b"rural-focal" in page.content
    first = get_user_model().history.filter(id=rural_staff.pk).earliest()
    url = f"/en/admin/auth/user/{rural_staff.pk}/history/{first.history_id}/"
    assert client.post(url, {"username": "rural-staff", "is_active": "on"}).status_code == 403
    rural_staff.refresh_from_db()
    assert not rural_staff.is_active and not rural_staff.has_usable_password()


@pytest.mark.parametrize(("url", "seat"), [(FA_URL, "عضو کمیته مشترک"), (PEOPLE_URL, "Joint committee seat")])
def test_a_committee_member_is_marked_by_their_seat_beside_their_role(
    client, monitor, relief_member, rural_member, rural_staff, url, seat
):
    client.force_login(monitor)
    text = client.get(url).content.decode()
    rows = [row for row in text.split("<tr>") if 'data-label="' in row]
    marked = [row for row in rows if seat in row]
    assert len(marked) == 2  # the two seats, and no one else
    assert all("committee-r" in row for row in marked)
