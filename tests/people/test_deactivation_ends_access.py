"""Issue 18 point 7: deactivating an account ends its sessions and its calendar-feed address, and
a reactivation sends a set-password link instead of reviving the old password, sessions and feed."""

import re

from django.core import mail

from committee.models import CalendarFeed
from people.services import deactivate_account
from tests.people.conftest import REFERENCE, set_password

OLD_PASSWORD = "pw-for-tests-1397"
NEW_PASSWORD = "Qazvin-rural-1404!"


def _link(message) -> str:
    url = re.search(r"https?://\S+/accounts/set-password/\S+/", message.body).group(0)
    return re.sub(r"^https?://[^/]+", "", url)


def test_deactivation_and_reactivation_bring_back_no_session_password_or_feed(client, rural_focal, rural_staff):
    rural_staff.email = "ali.rezaei@example.org"
    rural_staff.set_password(OLD_PASSWORD)
    rural_staff.save()
    theirs = client.__class__()
    assert (
        theirs.post("/en/accounts/login/", {"username": rural_staff.username, "password": OLD_PASSWORD}).status_code
        == 302
    )
    feed = CalendarFeed.objects.create(user=rural_staff)
    old_feed = f"/calendar/feed/{feed.token}.ics"
    assert theirs.get(old_feed).status_code == 200
    assert theirs.get("/en/").status_code == 302 and "/accounts/login/" not in theirs.get("/en/")["Location"]

    focal = client
    focal.force_login(rural_focal)
    assert focal.post(f"/en/a/{REFERENCE}/people/{rural_staff.pk}/deactivate/").status_code == 302
    mail.outbox.clear()
    assert focal.post(f"/en/a/{REFERENCE}/people/{rural_staff.pk}/reactivate/").status_code == 302

    # The session opened before the deactivation is over, and stays over after the reactivation.
    assert theirs.get(f"/en/a/{REFERENCE}/commitments/")["Location"].startswith("/en/accounts/login/")
    # The feed's old address is dead; a new one was made.
    assert theirs.get(old_feed).status_code == 404
    assert CalendarFeed.objects.get(user=rural_staff).token != feed.token
    # The old password does not sign in again ...
    again = client.__class__()
    refused = again.post("/en/accounts/login/", {"username": rural_staff.username, "password": OLD_PASSWORD})
    assert refused.status_code == 200
    # ... the person got a set-password link, and choosing a new password lets them in.
    assert [message.to for message in mail.outbox] == [["ali.rezaei@example.org"]]
    assert set_password(again, _link(mail.outbox[0]), NEW_PASSWORD).status_code == 302
    rural_staff.refresh_from_db()
    assert rural_staff.is_active and rural_staff.check_password(NEW_PASSWORD)


def test_the_admins_deactivation_resets_the_feed_too(client, superuser, rural_staff):
    feed = CalendarFeed.objects.create(user=rural_staff)
    deactivate_account(rural_staff, by=superuser)
    assert CalendarFeed.objects.get(user=rural_staff).token != feed.token
    rural_staff.refresh_from_db()
    assert not rural_staff.has_usable_password()
