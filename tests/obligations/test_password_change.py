from django.urls import reverse
from django.utils import translation


def test_the_url_name_is_djangos(db):
    with translation.override("fa"):
        assert reverse("password_change") == "/accounts/password_change/"


def test_anonymous_visitors_sign_in_first(client, db):
    assert client.get("/accounts/password_change/")["Location"].startswith("/accounts/login/")


def test_a_person_changes_their_password(client, rural_staff):
    client.force_login(rural_staff)
    html = client.get("/accounts/password_change/").content.decode()
    assert "تغییر گذرواژه" in html and 'dir="rtl"' in html
    response = client.post(
        "/accounts/password_change/",
        {
            "old_password": "pw-for-tests-1397",
            "new_password1": "qazvin-rural-7431",
            "new_password2": "qazvin-rural-7431",
        },
        follow=True,
    )
    assert "گذرواژه شما تغییر کرد" in response.content.decode()
    rural_staff.refresh_from_db()
    assert rural_staff.check_password("qazvin-rural-7431")


def test_a_wrong_old_password_is_refused_with_a_message(client, rural_staff):
    client.force_login(rural_staff)
    response = client.post(
        "/en/accounts/password_change/",
        {"old_password": "wrong", "new_password1": "qazvin-rural-7431", "new_password2": "qazvin-rural-7431"},
    )
    assert response.status_code == 200
    assert "Your password was not changed" in response.content.decode()
    assert response.context["form"].errors["old_password"]
    rural_staff.refresh_from_db()
    assert rural_staff.check_password("pw-for-tests-1397")


def test_the_header_links_to_it(client, rural_staff):
    client.force_login(rural_staff)
    assert 'href="/en/accounts/password_change/"' in client.get("/en/accounts/password_change/done/").content.decode()
