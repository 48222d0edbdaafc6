"""Inviting someone: the form, the e-mail sent by the job, the set-password link and signing in."""

import datetime as dt
import re

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core import mail
from django.utils import timezone

from agreement.models import Membership
from notifications.models import Preference
from tests.people.conftest import REFERENCE
from tests.people.conftest import set_password as link_sets_password

INVITE_FA = f"/a/{REFERENCE}/people/invite/"
INVITE_EN = f"/en/a/{REFERENCE}/people/invite/"
NEW_PASSWORD = "Qazvin-rural-1403!"


def link_in(message) -> str:
    """The set-password address in the e-mail's plain text, as a path the test client can open."""
    url = re.search(r"https?://\S+/accounts/set-password/\S+/", message.body).group(0)
    return re.sub(r"^https?://[^/]+", "", url)


def invite_form(**fields):
    data = {
        "first_name": "نرگس",
        "last_name": "کاظمي",  # Arabic ye, as an Arabic keyboard types it
        "email": "Narges.Kazemi۱۴۰۳@Example.org",  # Persian digits and capitals
        "role": "staff",
        "language": "fa",
    }
    data.update(fields)
    return data


def set_password(client, path, password=NEW_PASSWORD):
    return link_sets_password(client, path, password)


def test_a_focal_point_invites_and_the_person_signs_in_with_the_mailed_link(client, rural_focal, rural):
    client.force_login(rural_focal)
    response = client.post(INVITE_FA, invite_form())
    assert response.status_code == 302
    assert response["Location"] == f"/a/{REFERENCE}/people/"

    User = get_user_model()
    person = User.objects.get(email="narges.kazemi1403@example.org")
    assert person.username == "narges.kazemi1403@example.org"
    assert person.last_name == "کاظمی", "Arabic ye stored as Persian ye"
    assert not person.has_usable_password() and person.is_active
    assert person.membership.party == rural and person.membership.role == "staff"
    assert person.membership.status == Membership.Status.INVITED

    (message,) = mail.outbox
    assert message.to == ["narges.kazemi1403@example.org"]
    assert message.extra_headers["Content-Language"] == "fa"
    assert "دعوت" in message.subject
    assert "narges.kazemi1403@example.org" in message.body
    html = message.alternatives[0][0]
    assert 'dir="rtl"' in html and "۷ روز" in html

    client.logout()
    response = set_password(client, link_in(message))
    assert response.status_code == 302 and response["Location"] == "/accounts/login/"

    response = client.post("/accounts/login/", {"username": "narges.kazemi1403@example.org", "password": NEW_PASSWORD})
    assert response.status_code == 302, "signed in with the new password"
    person.refresh_from_db()
    assert person.membership.status == Membership.Status.ACTIVE
    assert person.last_login is not None


def test_the_mail_is_sent_by_the_job_not_in_the_request(client, rural_focal, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend", "QUEUES": ["default"]}}
    from django_tasks import default_task_backend

    client.force_login(rural_focal)
    assert client.post(INVITE_EN, invite_form(language="en")).status_code == 302
    assert mail.outbox == [], "nothing is sent while the focal point waits"
    (result,) = default_task_backend.results
    assert result.task.name == "send_invitation"
    assert "token" not in str(result.args), "the job carries ids only; the worker makes the link"
    result.task.call(*result.args, **result.kwargs)
    (message,) = mail.outbox
    assert message.extra_headers["Content-Language"] == "en"
    assert "/en/accounts/set-password/" in message.body


def test_the_english_link_opens_the_english_page(client, rural_focal, rural):
    client.force_login(rural_focal)
    client.post(INVITE_EN, invite_form(language="en"))
    (message,) = mail.outbox
    assert message.subject == f"You are invited to Peyman by {rural.name_en}"
    client.logout()
    path = link_in(message)
    assert path.startswith("/en/accounts/set-password/")
    page = client.get(client.get(path)["Location"])
    assert b"Choose your password" in page.content and b'dir="ltr"' in page.content
    assert Preference.objects.get(user__email="narges.kazemi1403@example.org").language == "en"


def test_the_persian_page_speaks_persian(client, rural_focal):
    client.force_login(rural_focal)
    client.post(INVITE_FA, invite_form())
    client.logout()
    page = client.get(client.get(link_in(mail.outbox[0]))["Location"])
    text = page.content.decode()
    assert 'dir="rtl"' in text and "گذرواژه" in text
    assert "۸" in text and " 8 " not in text, "Django's password rules with Persian digits"
    short = client.post(page.wsgi_request.path, {"new_password1": "a1", "new_password2": "a1"}).content.decode()
    assert "۸" in short.split("errorlist")[1][:300], "and in its error"


def test_a_new_invitee_is_asked_only_for_the_new_password(client, rural_focal):
    client.force_login(rural_focal)
    client.post(INVITE_FA, invite_form())
    client.logout()
    page = client.get(client.get(link_in(mail.outbox[0]))["Location"]).content.decode()
    # Django's stock Persian says «رمز عبور قبلی» (previous password) under the second box.
    for stock in ("قبلی", "قدیمی", "رمز عبور"):
        assert stock not in page, page[page.index(stock) - 200 : page.index(stock) + 50]
    assert "گذرواژهٔ شما، یک بار دیگر" in page and "همان گذرواژه را دوباره بنویسید" in page
    assert page.count('type="password"') == 2


def test_a_link_works_once(client, rural_focal):
    client.force_login(rural_focal)
    client.post(INVITE_FA, invite_form())
    client.logout()
    path = link_in(mail.outbox[0])
    assert set_password(client, path).status_code == 302
    again = client.get(path)
    assert again.status_code == 200 and "این پیوند کار نمی‌کند" in again.content.decode()


def test_a_link_expires_after_the_configured_days(client, rural_focal, settings):
    assert settings.PEYMAN_INVITATION_DAYS == 7
    client.force_login(rural_focal)
    client.post(INVITE_FA, invite_form())
    client.logout()
    path = link_in(mail.outbox[0])
    # Django's tokens count in local naive time: a margin of hours keeps the test off the edge.
    with time_machine.travel(timezone.now() + dt.timedelta(days=6, hours=12)):
        assert client.get(path).status_code == 302, "still valid on the seventh day"
    with time_machine.travel(timezone.now() + dt.timedelta(days=7, hours=6)):
        response = client.get(path)
    assert response.status_code == 200 and "این پیوند کار نمی‌کند" in response.content.decode()


def test_sending_again_replaces_the_link(client, rural_focal):
    client.force_login(rural_focal)
    client.post(INVITE_FA, invite_form())
    person = get_user_model().objects.get(email="narges.kazemi1403@example.org")
    old = link_in(mail.outbox[0])
    response = client.post(f"/a/{REFERENCE}/people/{person.pk}/resend/")
    assert response.status_code == 302
    assert len(mail.outbox) == 2
    new = link_in(mail.outbox[1])
    client.logout()
    assert client.get(old).status_code == 200, "the old link shows the 'does not work' page"
    assert set_password(client, new).status_code == 302
    response = client.post("/accounts/login/", {"username": person.username, "password": NEW_PASSWORD})
    assert response.status_code == 302


def test_a_deactivated_persons_link_does_not_work(client, rural_focal):
    client.force_login(rural_focal)
    client.post(INVITE_FA, invite_form())
    person = get_user_model().objects.get(email="narges.kazemi1403@example.org")
    assert client.post(f"/a/{REFERENCE}/people/{person.pk}/deactivate/").status_code == 302
    client.logout()
    response = client.get(link_in(mail.outbox[0]))
    assert response.status_code == 200 and "این پیوند کار نمی‌کند" in response.content.decode()


def test_guessing_links_pauses_like_guessing_passwords(client, rural_focal, settings):
    bad = "/accounts/set-password/MQ/cdxxxx-0123456789abcdef0123456789abcdef/"
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert client.get(bad).status_code == 200
    # The failure that reaches the limit pauses at once, as a wrong password does.
    assert client.get(bad).status_code == 429
    assert "دقیقه" in client.get(bad).content.decode()
    # Stale links from one address (an office's NAT) lock the links, not every account behind it.
    assert (
        client.post("/accounts/login/", {"username": "rural-focal", "password": "pw-for-tests-1397"}).status_code == 302
    )


def test_a_good_link_counts_no_failure(client, rural_focal):
    from axes.models import AccessAttempt

    client.force_login(rural_focal)
    client.post(INVITE_FA, invite_form())
    client.logout()
    assert set_password(client, link_in(mail.outbox[0])).status_code == 302
    assert not AccessAttempt.objects.exists()


def test_an_address_already_in_use_is_refused(client, rural_focal, rural_staff):
    rural_staff.email = "taken@example.org"
    rural_staff.save()
    client.force_login(rural_focal)
    response = client.post(INVITE_EN, invite_form(email="TAKEN@example.org"))
    assert response.status_code == 200
    assert b"already has an account" in response.content
    assert mail.outbox == []


@pytest.mark.parametrize("role", ["monitor", "admin"])
def test_a_focal_point_cannot_give_monitor_or_admin(client, rural_focal, role):
    client.force_login(rural_focal)
    response = client.post(INVITE_EN, invite_form(role=role))
    assert response.status_code == 200
    assert not get_user_model().objects.filter(email__startswith="narges").exists()
    assert mail.outbox == []


def test_the_invitation_is_in_the_history_with_who_invited(client, rural_focal):
    client.force_login(rural_focal)
    client.post(INVITE_FA, invite_form())
    person = get_user_model().objects.get(email="narges.kazemi1403@example.org")
    (account,) = person.history.all()
    assert (account.history_type, account.history_change_reason, account.history_user) == ("+", "invited", rural_focal)
    (membership,) = person.membership.history.all()
    assert (membership.role, membership.history_user) == ("staff", rural_focal)
    client.logout()
    set_password(client, link_in(mail.outbox[0]))
    latest = person.history.latest()
    assert (latest.history_change_reason, latest.history_user) == ("password_set", person)
    assert not hasattr(latest, "password"), "password hashes stay out of the history"
