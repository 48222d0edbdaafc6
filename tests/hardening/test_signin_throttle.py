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


def test_the_guesser_behind_a_shared_address_is_locked_not_the_office(client, rural_staff, relief_staff):
    """A ministry's NAT: two people behind one address, one of them guessing."""
    office = "10.0.2.1"
    _fail(client, "rural-staff", settings.AXES_FAILURE_LIMIT, address=office)
    assert _sign_in(client, "rural-staff", PASSWORD, address=office).status_code == 429
    # The colleague behind the same address signs in, and that does not lift the guesser's lock.
    colleague = client.__class__()
    assert _sign_in(colleague, "relief-staff", PASSWORD, address=office).status_code == 302
    assert _sign_in(client, "rural-staff", PASSWORD, address=office).status_code == 429
    # Stale links or wrong passwords over other accounts from the office lock no one else either.
    for n in range(settings.AXES_FAILURE_LIMIT):
        _sign_in(client, f"guess-{n}", "wrong-password", address=office)
    assert _sign_in(client.__class__(), "relief-staff", PASSWORD, address=office).status_code == 302
    # The account itself still signs in from another address.
    assert _sign_in(client.__class__(), "rural-staff", PASSWORD, address="10.0.2.2").status_code == 302


def test_an_address_is_locked_for_every_account_only_after_many_failures(client, settings, relief_staff):
    settings.PEYMAN_SIGNIN_ADDRESS_FAILURE_LIMIT = 12
    for n in range(11):
        _sign_in(client, f"guess-{n}", "wrong-password", address="10.0.3.1")
    assert _sign_in(client.__class__(), "relief-staff", PASSWORD, address="10.0.3.1").status_code == 302
    for n in range(12):
        _sign_in(client, f"guess-{n}", "wrong-password", address="10.0.3.9")
    assert _sign_in(client.__class__(), "relief-staff", PASSWORD, address="10.0.3.9").status_code == 429


def test_an_account_is_locked_from_any_address_only_after_many_failures(client, settings, rural_staff):
    settings.PEYMAN_SIGNIN_ACCOUNT_FAILURE_LIMIT = 12
    for n in range(12):
        _sign_in(client, "rural-staff", "wrong-password", address=f"10.0.1.{n}")
    assert _sign_in(client, "rural-staff", PASSWORD, address="10.9.9.9").status_code == 429


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


def test_a_forwarded_address_counts_only_from_the_configured_proxies(rf, settings):
    from agreement.signin import client_address

    request = rf.get("/", HTTP_X_FORWARDED_FOR="1.1.1.1, 10.0.0.7", REMOTE_ADDR="127.0.0.1")
    assert client_address(request) == "127.0.0.1"
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    assert client_address(request) == "10.0.0.7"
    settings.PEYMAN_PROXY_COUNT = 2
    assert client_address(request) == "1.1.1.1"
    # A client reaching gunicorn directly: its rotated header is not believed.
    settings.PEYMAN_PROXY_COUNT = 1
    direct = rf.get("/", HTTP_X_FORWARDED_FOR="5.5.5.5", REMOTE_ADDR="203.0.113.9")
    assert client_address(direct) == "203.0.113.9"


def test_rotating_x_forwarded_for_directly_does_not_dodge_the_lock(client, settings, rural_staff):
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    for n in range(settings.AXES_FAILURE_LIMIT):
        client.post(
            "/accounts/login/",
            {"username": "rural-staff", "password": "wrong"},
            REMOTE_ADDR="203.0.113.9",
            HTTP_X_FORWARDED_FOR=f"198.51.100.{n}",
        )
    response = client.post(
        "/accounts/login/",
        {"username": "rural-staff", "password": PASSWORD},
        REMOTE_ADDR="203.0.113.9",
        HTTP_X_FORWARDED_FOR="198.51.100.200",
    )
    assert response.status_code == 429


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
