"""The inbox page, opening and marking notifications read, and the header's unread count."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from notifications.models import Kind, Notification


def make_notification(user, agreement, n=1, **fields):
    values = {
        "recipient": user,
        "agreement": agreement,
        "kind": Kind.ENTRY_RETURNED,
        "params": {"number": "B5", "comment": "عکس ندارد"},
        "path": "/a/qazvin-ikrc-rural-1397/commitments/B5/",
        "event_key": f"test:{n}",
    }
    values.update(fields)
    return Notification.objects.create(**values)


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get(reverse("inbox"))
    assert response.status_code == 302
    assert reverse("login") in response.url


def test_it_lists_the_persons_own_notifications_newest_first(client, rural_staff, relief_staff, agreement):
    make_notification(rural_staff, agreement, 1, params={"number": "B1", "comment": "اول"})
    make_notification(rural_staff, agreement, 2, params={"number": "B2", "comment": "دوم"})
    make_notification(relief_staff, agreement, 3, params={"number": "A1", "comment": "دیگری"})
    client.force_login(rural_staff)

    response = client.get(reverse("inbox"))
    page = response.content.decode()

    # Read from the list itself: "B1" may also stand elsewhere on the page (the header's links).
    assert [item.params["number"] for item in response.context["page"]] == ["B2", "B1"]
    assert "اول" in page and "دوم" in page
    assert "A1" not in page


def test_it_costs_the_same_queries_for_one_or_thirty_notifications(
    client, rural_staff, agreement, django_assert_max_num_queries
):
    for n in range(30):
        make_notification(rural_staff, agreement, n)
    client.force_login(rural_staff)

    with django_assert_max_num_queries(8):
        response = client.get(reverse("inbox"))
    assert response.status_code == 200


def test_the_header_shows_the_unread_count_in_one_query(client, rural_staff, agreement):
    make_notification(rural_staff, agreement, 1)
    make_notification(rural_staff, agreement, 2)
    make_notification(rural_staff, agreement, 3, read_at="2024-05-01T10:00:00Z")
    client.force_login(rural_staff)

    with CaptureQueriesContext(connection) as queries:
        page = client.get(reverse("notification_settings")).content.decode()

    assert '<span class="unread-count">۲' in page
    assert len([q for q in queries if "notifications_notification" in q["sql"]]) == 1


def test_the_english_header_shows_latin_digits(client, rural_staff, agreement):
    make_notification(rural_staff, agreement, 1)
    client.force_login(rural_staff)

    page = client.get("/en/inbox/").content.decode()
    assert '<span class="unread-count">1' in page


def test_opening_marks_it_read_and_goes_to_what_it_is_about(client, rural_staff, agreement):
    notification = make_notification(rural_staff, agreement)
    client.force_login(rural_staff)

    response = client.post(reverse("notification_open", args=[notification.pk]))

    assert response.status_code == 302
    assert response.url == "/a/qazvin-ikrc-rural-1397/commitments/B5/"
    notification.refresh_from_db()
    assert notification.is_read


def test_opening_from_the_english_inbox_stays_in_english(client, rural_staff, agreement):
    notification = make_notification(rural_staff, agreement)
    client.force_login(rural_staff)

    response = client.post(f"/en/inbox/{notification.pk}/open/")
    assert response.url == "/en/a/qazvin-ikrc-rural-1397/commitments/B5/"


def test_mark_read_marks_only_that_one(client, rural_staff, agreement):
    first = make_notification(rural_staff, agreement, 1)
    second = make_notification(rural_staff, agreement, 2)
    client.force_login(rural_staff)

    client.post(reverse("notification_read", args=[first.pk]))

    first.refresh_from_db()
    second.refresh_from_db()
    assert first.is_read and not second.is_read


def test_mark_all_read_leaves_other_peoples_alone(client, rural_staff, relief_staff, agreement):
    for n in range(3):
        make_notification(rural_staff, agreement, n)
    theirs = make_notification(relief_staff, agreement, 9)
    client.force_login(rural_staff)

    response = client.post(reverse("notification_read_all"))

    assert response.status_code == 302
    assert not Notification.objects.filter(recipient=rural_staff).unread().exists()
    theirs.refresh_from_db()
    assert not theirs.is_read


@pytest.mark.parametrize("name", ["notification_open", "notification_read"])
def test_someone_elses_notification_is_not_found(client, name, rural_staff, relief_staff, agreement):
    notification = make_notification(rural_staff, agreement)
    client.force_login(relief_staff)

    assert client.post(reverse(name, args=[notification.pk])).status_code == 404
    notification.refresh_from_db()
    assert not notification.is_read


@pytest.mark.parametrize("name", ["notification_open", "notification_read", "notification_read_all"])
def test_writes_refuse_get(client, name, rural_staff, agreement):
    notification = make_notification(rural_staff, agreement)
    client.force_login(rural_staff)
    args = [] if name == "notification_read_all" else [notification.pk]

    assert client.get(reverse(name, args=args)).status_code == 405
    notification.refresh_from_db()
    assert not notification.is_read


@pytest.mark.parametrize("name", ["notification_open", "notification_read", "notification_read_all"])
def test_writes_send_anonymous_visitors_to_sign_in(client, name, rural_staff, agreement):
    notification = make_notification(rural_staff, agreement)
    args = [] if name == "notification_read_all" else [notification.pk]

    response = client.post(reverse(name, args=args))
    assert response.status_code == 302
    assert reverse("login") in response.url
