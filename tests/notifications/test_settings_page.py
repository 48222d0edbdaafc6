"""Each person chooses their e-mail language and which kinds of e-mail they receive."""

from django.urls import reverse

from notifications.models import Preference


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get(reverse("notification_settings"))
    assert response.status_code == 302


def test_reading_the_page_writes_nothing(client, rural_staff):
    client.force_login(rural_staff)

    response = client.get(reverse("notification_settings"))

    assert response.status_code == 200
    assert not Preference.objects.exists()


def test_it_warns_a_person_without_an_address(client, rural_staff):
    client.force_login(rural_staff)
    page = client.get(reverse("notification_settings")).content.decode()
    assert "نشانی رایانامه ندارد" in page


def test_it_saves_the_language_and_each_kind(client, rural_staff):
    client.force_login(rural_staff)

    response = client.post(
        reverse("notification_settings"), {"language": "en", "email_report_issued": "on", "email_focal_digest": "on"}
    )

    assert response.status_code == 302
    preference = Preference.objects.get(user=rural_staff)
    assert preference.language == "en"
    assert preference.wants_email("report_issued")
    assert not preference.wants_email("entry_returned")
    assert not preference.wants_email("monitor_digest")
    assert preference.history.count() == 1


def test_it_refuses_an_unknown_language(client, rural_staff):
    client.force_login(rural_staff)

    response = client.post(reverse("notification_settings"), {"language": "de"})

    assert response.status_code == 200
    assert not Preference.objects.exists()
