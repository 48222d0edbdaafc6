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


def test_guessing_the_current_password_pauses_like_guessing_a_sign_in(client, rural_staff, settings):
    client.force_login(rural_staff)
    guess = {"old_password": "wrong", "new_password1": "qazvin-rural-7431", "new_password2": "qazvin-rural-7431"}
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert client.post("/en/accounts/password_change/", guess, REMOTE_ADDR="10.0.5.1").status_code == 200
    assert client.post("/en/accounts/password_change/", guess, REMOTE_ADDR="10.0.5.1").status_code == 429
    # Even the right password is refused while the pause lasts, and nothing changed.
    right = guess | {"old_password": "pw-for-tests-1397"}
    response = client.post("/accounts/password_change/", right, REMOTE_ADDR="10.0.5.1")
    assert response.status_code == 429 and "ورود موقتاً متوقف شد" in response.content.decode()
    rural_staff.refresh_from_db()
    assert rural_staff.check_password("pw-for-tests-1397")
