"""The base layout, sign-in and home page: Persian RTL first, English LTR second."""

import pytest
from django.urls import reverse


def test_sign_in_is_persian_and_right_to_left_by_default(client, db):
    html = client.get("/accounts/login/").content.decode()
    assert '<html lang="fa" dir="rtl">' in html
    assert "ورود به پیمان" in html
    assert "/static/css/peyman.css" in html


def test_sign_in_in_english_is_left_to_right(client, db):
    html = client.get("/en/accounts/login/").content.decode()
    assert '<html lang="en" dir="ltr">' in html
    assert "Sign in to Peyman" in html


def test_the_language_switch_keeps_the_page(client, db):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/accounts/login/"})
    assert response.status_code == 302
    assert response["Location"] == "/en/accounts/login/"


def test_anonymous_visitors_are_sent_to_sign_in(client, db):
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_a_wrong_password_is_refused_with_a_persian_message(client, rural_staff):
    response = client.post("/accounts/login/", {"username": "rural-staff", "password": "wrong"})
    assert response.status_code == 200
    assert "نام کاربری" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_signing_in_leads_home(client, rural_staff):
    response = client.post("/accounts/login/", {"username": "rural-staff", "password": "pw-for-tests-1397"})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(rural_staff.pk)


@pytest.mark.parametrize("persona", ["rural_staff", "monitor", "committee_member"])
def test_home_lists_the_agreements_a_person_belongs_to(client, request, persona, agreement):
    client.force_login(request.getfixturevalue(persona))
    response = client.get("/en/", follow=True)
    assert agreement.title_en in response.content.decode()


def test_home_shows_nothing_to_an_outsider(client, outsider, agreement):
    client.force_login(outsider)
    html = client.get("/en/").content.decode()
    assert agreement.title_en not in html
    assert "not part of any agreement" in html


def test_the_health_check_answers_without_signing_in(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content.startswith(b"ok\nqueued jobs: 0\n")
