"""Sign-in throttling (django-axes): per account, per address, on the site and the admin."""

import datetime as dt

import pytest
import time_machine
from axes.models import AccessAttempt
from django.conf import settings

PASSWORD = "pw-for-tests-1397"


def _sign_in(client, username, password, *, url="/accounts/login/", address="10.0.0.1"):
    return client.post(url, {"username": username, "password": password}, REMOTE_ADDR=address)


def _fail(client, username, times, **kwargs):
    for _ in range(times):
        response = _sign_in(client, username, "wrong-password", **kwargs)
        assert response.status_code in (200, 429)


def test_the_right_password_after_repeated_failures_is_refused_with_a_persian_message(client, rural_staff):
    _fail(client, "rural-staff", settings.AXES_FAILURE_LIMIT)
    response = _sign_in(client, "rural-staff", PASSWORD)
    assert response.status_code == 429
    html = response.content.decode()
    assert "ورود موقتاً متوقف شد" in html and 'dir="rtl"' in html
    assert "۱۵" in html  # the cool-off, in Persian digits
    assert "_auth_user_id" not in client.session


def test_the_message_is_in_english_on_english_pages(client, rural_staff):
    _fail(client, "rural-staff", settings.AXES_FAILURE_LIMIT, url="/en/accounts/login/")
    response = _sign_in(client, "rural-staff", PASSWORD, url="/en/accounts/login/")
    assert response.status_code == 429
    assert "Sign-in paused" in response.content.decode()


def test_the_account_is_locked_from_any_address(client, rural_staff):
    for n in range(settings.AXES_FAILURE_LIMIT):
        _sign_in(client, "rural-staff", "wrong-password", address=f"10.0.1.{n}")
    assert _sign_in(client, "rural-staff", PASSWORD, address="10.9.9.9").status_code == 429


def test_an_address_is_locked_for_every_account(client, rural_staff, relief_staff):
    for n in range(settings.AXES_FAILURE_LIMIT):
        _sign_in(client, f"guess-{n}", "wrong-password", address="10.0.2.1")
    assert _sign_in(client, "relief-staff", PASSWORD, address="10.0.2.1").status_code == 429
    # Another address still signs the same person in.
    assert _sign_in(client, "relief-staff", PASSWORD, address="10.0.2.2").status_code == 302


def test_the_admin_sign_in_is_throttled_too(client, superuser):
    _fail(client, "root", settings.AXES_FAILURE_LIMIT, url="/admin/login/")
    response = _sign_in(client, "root", PASSWORD, url="/admin/login/?next=/admin/")
    assert response.status_code == 429


def test_fewer_failures_than_the_limit_still_sign_in_and_reset_the_count(client, rural_staff):
    _fail(client, "rural-staff", settings.AXES_FAILURE_LIMIT - 1)
    assert _sign_in(client, "rural-staff", PASSWORD).status_code == 302
    assert not AccessAttempt.objects.filter(username="rural-staff").exists()


def test_the_pause_ends_after_the_cool_off(client, rural_staff):
    with time_machine.travel(dt.datetime(2025, 1, 1, 8, tzinfo=dt.UTC), tick=False) as traveller:
        _fail(client, "rural-staff", settings.AXES_FAILURE_LIMIT)
        assert _sign_in(client, "rural-staff", PASSWORD).status_code == 429
        traveller.shift(settings.AXES_COOLOFF_TIME + dt.timedelta(seconds=1))
        assert _sign_in(client, "rural-staff", PASSWORD).status_code == 302


def test_an_administrator_lifts_the_pause_in_the_admin(client, rural_staff, superuser):
    _fail(client, "rural-staff", settings.AXES_FAILURE_LIMIT)
    attempt = AccessAttempt.objects.get(username="rural-staff")
    admin = client.__class__()
    admin.force_login(superuser)
    url = f"/en/admin/axes/accessattempt/{attempt.pk}/delete/"
    assert admin.get(url).status_code == 200
    assert admin.post(url, {"post": "yes"}).status_code == 302
    assert _sign_in(client, "rural-staff", PASSWORD).status_code == 302


def test_a_forwarded_address_counts_only_behind_the_proxy(rf, settings):
    from agreement.signin import client_address

    request = rf.get("/", HTTP_X_FORWARDED_FOR="1.1.1.1, 10.0.0.7", REMOTE_ADDR="127.0.0.1")
    assert client_address(request) == "127.0.0.1"
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    assert client_address(request) == "10.0.0.7"


@pytest.mark.parametrize("url", ["/accounts/password_reset/", "/accounts/reset/done/"])
def test_there_are_no_password_reset_pages(client, db, url):
    assert client.get(url).status_code == 404


def test_a_session_ends_after_the_idle_timeout_and_each_request_extends_it(client, rural_staff, agreement):
    start = dt.datetime(2025, 1, 1, 8, tzinfo=dt.UTC)
    idle = dt.timedelta(seconds=settings.SESSION_COOKIE_AGE)
    with time_machine.travel(start, tick=False) as traveller:
        client.force_login(rural_staff)
        traveller.shift(idle - dt.timedelta(minutes=1))
        assert client.get("/").status_code == 302  # still signed in: to the commitments
        assert not client.get("/")["Location"].startswith("/accounts/login/")
        traveller.shift(idle - dt.timedelta(minutes=1))  # active a moment ago: still signed in
        assert not client.get("/")["Location"].startswith("/accounts/login/")
        traveller.shift(idle + dt.timedelta(minutes=1))
        assert client.get("/")["Location"].startswith("/accounts/login/")
