"""A set-password link for an active person who forgot their password: the page, the service, the
job's e-mail, the link's life (once; the newest only; not after signing in) and the history."""

import datetime as dt
import re

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core import mail
from django.utils import timezone

from agreement.models import Membership
from people import services
from people.models import PasswordLink
from tests.people.conftest import PEOPLE_URL, REFERENCE
from tests.people.conftest import set_password as link_sets_password

OLD_PASSWORD = "pw-for-tests-1397"
NEW_PASSWORD = "Qazvin-rural-1404!"
BROKEN_FA = "این پیوند کار نمی‌کند"


def link_url(user, language="en"):
    prefix = "/en" if language == "en" else ""
    return f"{prefix}/a/{REFERENCE}/people/{user.pk}/password-link/"


def link_in(message) -> str:
    url = re.search(r"https?://\S+/accounts/new-password/\S+/", message.body).group(0)
    return re.sub(r"^https?://[^/]+", "", url)


def sign_in(client, user, password):
    return client.post("/en/accounts/login/", {"username": user.username, "password": password})


def set_password(client, path, password=NEW_PASSWORD):
    return link_sets_password(client, path, password)


@pytest.fixture
def person(rural_staff):
    rural_staff.first_name, rural_staff.last_name, rural_staff.email = "علی", "رضایی", "ali.rezaei@example.org"
    rural_staff.save()
    return rural_staff


@pytest.fixture
def send(agreement):
    def send(membership, by):
        services.send_password_link(agreement=agreement, membership=membership, by=by)
        return mail.outbox[-1]

    return send


def test_a_focal_point_sends_the_link_from_the_page_and_the_person_sets_a_new_password(client, rural_focal, person):
    client.force_login(rural_focal)
    page = client.get(PEOPLE_URL).content.decode()
    assert f'href="{link_url(person)}"' in page and "Send a link to set a new password" in page

    confirm = client.get(link_url(person))
    assert confirm.status_code == 200
    text = confirm.content.decode()
    assert "Send علی رضایی a link to set a new password?" in text
    assert "ali.rezaei@example.org" in text and "keeps working" in text
    assert mail.outbox == [], "the confirmation page sends nothing"

    response = client.post(link_url(person), follow=True)
    text = response.content.decode()
    assert "A link to set a new password is on its way to ali.rezaei@example.org" in text
    assert "can keep signing in with their current password until they set a new one" in text

    (message,) = mail.outbox
    assert message.to == ["ali.rezaei@example.org"]
    client.logout()
    page = client.get(client.get(link_in(message))["Location"]).content.decode()
    assert "گزینش گذرواژهٔ تازه" in page and "rural-staff" in page
    response = set_password(client, link_in(message))
    assert response.status_code == 302 and response["Location"] == "/accounts/login/"
    assert sign_in(client.__class__(), person, OLD_PASSWORD).status_code == 200, "the old password is gone"
    assert sign_in(client.__class__(), person, NEW_PASSWORD).status_code == 302


def test_sending_leaves_the_current_password_and_session_working(client, rural_focal, person, send):
    assert sign_in(client, person, OLD_PASSWORD).status_code == 302
    send(person.membership, rural_focal)
    person.refresh_from_db()
    assert person.check_password(OLD_PASSWORD) and person.membership.status == Membership.Status.ACTIVE
    assert client.get(f"/en/a/{REFERENCE}/commitments/").status_code == 200, "their open session goes on"
    assert sign_in(client.__class__(), person, OLD_PASSWORD).status_code == 302, "and so does signing in"


def test_the_mail_is_in_the_persons_language_from_the_job(client, rural_focal, person, settings):
    from notifications.models import Preference

    Preference.objects.create(user=person, language="en")
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend", "QUEUES": ["default"]}}
    from django_tasks import default_task_backend

    client.force_login(rural_focal)
    assert client.post(link_url(person, "fa")).status_code == 302
    assert mail.outbox == [], "nothing is sent while the focal point waits"
    (result,) = default_task_backend.results
    assert result.task.name == "send_password_link"
    assert all(isinstance(arg, int) for arg in result.args), "ids and the link's number only, no token"
    result.task.call(*result.args, **result.kwargs)
    (message,) = mail.outbox
    assert message.extra_headers["Content-Language"] == "en"
    assert message.subject == "A link to choose a new password for Peyman"
    assert "/en/accounts/new-password/" in message.body and "rural-staff" in message.body
    assert "keeps working until you choose a new one" in message.body
    client.logout()
    page = client.get(client.get(link_in(message))["Location"])
    assert b"Choose a new password" in page.content and b'dir="ltr"' in page.content


def test_the_persian_mail_is_right_to_left_with_persian_digits(rural_focal, person, send):
    message = send(person.membership, rural_focal)
    assert message.extra_headers["Content-Language"] == "fa"
    assert "گذرواژهٔ تازه" in message.subject
    html = message.alternatives[0][0]
    assert 'dir="rtl"' in html and "۷ روز" in html
    assert link_in(message).startswith("/accounts/new-password/")


def test_the_link_works_once(client, rural_focal, person, send):
    path = link_in(send(person.membership, rural_focal))
    assert set_password(client, path).status_code == 302
    again = client.get(path)
    assert again.status_code == 200 and BROKEN_FA in again.content.decode()
    assert "پیوند تازه" in again.content.decode(), "the page says to ask for a new link, not an invitation"


def test_a_second_link_ends_the_first(client, rural_focal, person, send):
    first = link_in(send(person.membership, rural_focal))
    second = link_in(send(person.membership, rural_focal))
    assert first != second
    response = client.get(first)
    assert response.status_code == 200 and BROKEN_FA in response.content.decode()
    assert set_password(client, second).status_code == 302


def test_a_job_queued_before_a_newer_link_sends_nothing(agreement, rural_focal, person):
    from people.tasks import send_password_link

    services.send_password_link(agreement=agreement, membership=person.membership, by=rural_focal)
    number = PasswordLink.number_of(person)
    services.send_password_link(agreement=agreement, membership=person.membership, by=rural_focal)
    assert send_password_link.call(person.pk, agreement.pk, rural_focal.pk, number) is False


def test_signing_in_with_the_old_password_ends_the_link(client, rural_focal, person, send):
    path = link_in(send(person.membership, rural_focal))
    assert sign_in(client.__class__(), person, OLD_PASSWORD).status_code == 302
    response = client.get(path)
    assert response.status_code == 200 and BROKEN_FA in response.content.decode()


def test_deactivating_ends_the_link_even_after_reactivating(client, rural_focal, person, send, agreement):
    path = link_in(send(person.membership, rural_focal))
    services.deactivate_person(membership=person.membership, by=rural_focal)
    services.reactivate_person(agreement=agreement, membership=person.membership, by=rural_focal)
    response = client.get(path)
    assert response.status_code == 200 and BROKEN_FA in response.content.decode()


def test_the_link_expires_after_the_configured_days(client, rural_focal, person, send, settings):
    assert settings.PEYMAN_INVITATION_DAYS == 7
    path = link_in(send(person.membership, rural_focal))
    with time_machine.travel(timezone.now() + dt.timedelta(days=6, hours=12)):
        assert client.get(path).status_code == 302, "still valid on the seventh day"
    with time_machine.travel(timezone.now() + dt.timedelta(days=7, hours=6)):
        response = client.get(path)
    assert response.status_code == 200 and BROKEN_FA in response.content.decode()


def test_the_two_kinds_of_link_do_not_open_each_others_page(client, rural_focal, person, send):
    path = link_in(send(person.membership, rural_focal))
    response = client.get(path.replace("/new-password/", "/set-password/"))
    assert response.status_code == 200 and BROKEN_FA in response.content.decode()


def test_setting_the_password_ends_the_persons_other_sessions_only(client, rural_focal, person, send):
    """Decided: a new password ends the person's own open sessions (Django's session check covers
    the password, as after any change of password); nobody else is signed out."""
    theirs = client.__class__()
    assert sign_in(theirs, person, OLD_PASSWORD).status_code == 302
    focal = client.__class__()
    focal.force_login(rural_focal)
    path = link_in(send(person.membership, rural_focal))
    # The link dies when they sign in; an open session (signed in before it was sent) does not.
    assert set_password(client, path).status_code == 302
    assert theirs.get(f"/en/a/{REFERENCE}/commitments/").status_code == 302, "their old session ended"
    assert focal.get(PEOPLE_URL).status_code == 200, "the focal point is still signed in"


def test_it_is_in_the_history_with_who_sent_it_and_on_the_page(client, rural_focal, person, send):
    send(person.membership, rural_focal)
    row = get_user_model().history.filter(id=person.pk).latest()
    assert (row.history_change_reason, row.history_user) == ("password_link_sent", rural_focal)
    client.force_login(rural_focal)
    text = client.get(PEOPLE_URL).content.decode()
    changes = text[text.index("Recent changes") :]
    assert "link to set a new password sent" in changes and "by rural-focal" in changes
    fa = client.get(f"/a/{REFERENCE}/people/").content.decode()
    assert "پیوند تعیین گذرواژه" in fa[fa.index("تغییرهای اخیر") :]

    client.logout()
    set_password(client, link_in(mail.outbox[-1]))
    row = get_user_model().history.filter(id=person.pk).latest()
    assert (row.history_change_reason, row.history_user) == ("new_password_set", person)


def test_it_is_not_offered_for_oneself_the_invited_or_the_deactivated(client, rural_focal, rural_viewer, invite):
    invited = invite(rural_focal)
    services.deactivate_person(membership=rural_viewer.membership, by=rural_focal)
    client.force_login(rural_focal)
    text = client.get(PEOPLE_URL).content.decode()
    assert "Send a link to set a new password" not in text and "As an administrator" not in text
    for user in (invited, rural_viewer):
        response = client.post(link_url(user), follow=True)
        assert response.status_code == 200
        assert mail.outbox[1:] == [], "only the invitation was mailed"
    assert client.post(link_url(rural_focal)).status_code == 403


@pytest.mark.parametrize(
    ("who", "message"),
    [("invited", "send the invitation again instead"), ("deactivated", "reactivate them first")],
)
def test_a_refused_link_says_why_and_records_nothing(client, rural_focal, rural_viewer, invite, who, message):
    user = invite(rural_focal) if who == "invited" else rural_viewer
    if who == "deactivated":
        services.deactivate_person(membership=rural_viewer.membership, by=rural_focal)
    before = get_user_model().history.filter(id=user.pk).count()
    client.force_login(rural_focal)
    response = client.post(link_url(user), follow=True)
    assert message in response.content.decode()
    assert get_user_model().history.filter(id=user.pk).count() == before
    assert PasswordLink.number_of(user) == 0


def test_an_administrator_sends_a_link_to_anyone_even_a_monitor(client, superuser, monitor, send):
    monitor.email = "monitor@example.org"
    monitor.save()
    client.force_login(superuser)
    text = client.get(PEOPLE_URL).content.decode()
    assert f'href="{link_url(monitor)}"' in text
    assert "Change role" not in text, "the administrator changes roles in the Django admin"
    assert "As an administrator you can send anyone here" in text
    assert client.post(link_url(monitor)).status_code == 302
    (message,) = mail.outbox
    assert message.to == ["monitor@example.org"]
    row = get_user_model().history.filter(id=monitor.pk).latest()
    assert row.history_user == superuser


def test_a_focal_point_cannot_send_one_to_a_monitor(client, relief_focal, monitor):
    client.force_login(relief_focal)
    assert client.post(link_url(monitor)).status_code == 403
    assert mail.outbox == []


def test_a_demoted_focal_point_is_refused_under_the_lock(agreement, rural_focal, django_user_model, rural, person):
    second = django_user_model.objects.create_user(username="rural-focal-2", password=OLD_PASSWORD)
    Membership.objects.create(user=second, party=rural, role=Membership.Role.FOCAL_POINT)
    services.change_role(membership=second.membership, by=rural_focal, role="staff")
    second.refresh_from_db()
    with pytest.raises(services.PeopleError):
        services.send_password_link(agreement=agreement, membership=person.membership, by=second)
    assert mail.outbox == []
