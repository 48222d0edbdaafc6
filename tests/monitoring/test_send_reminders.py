"""`manage.py send_reminders`: the monitors' daily digest and the focal points' weekly digest."""

import datetime as dt
import io

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from agreement.models import Membership
from monitoring.reminders import send_focal_digests, send_monitor_digests, week_start
from notifications.models import Kind, Notification, Preference
from notifications.tasks import send_notification_emails
from obligations.services import review_entry, update_entry
from tests.factories import make_entry as log

# A Wednesday (1403-07-25) in the middle of a quarter.
WEDNESDAY = dt.datetime(2024, 10, 16, 6, 0, tzinfo=dt.UTC)


@pytest.fixture
def at_wednesday():
    with time_machine.travel(WEDNESDAY, tick=False):
        yield


def with_email(*people):
    for person in people:
        person.email = f"{person.username}@example.org"
        person.save(update_fields=["email"])


def run(**options) -> str:
    out = io.StringIO()
    call_command("send_reminders", stdout=out, **options)
    return out.getvalue()


def test_each_monitor_gets_one_digest_with_the_figures(
    at_wednesday, commitment, rural_staff, monitor, second_monitor, relief_staff, rural_misconfigured_monitor
):
    with_email(monitor, second_monitor, relief_staff, rural_misconfigured_monitor)
    with time_machine.travel(WEDNESDAY - dt.timedelta(days=5), tick=False):
        old = log(commitment("B5"), rural_staff)
    returned = review_entry(entry=old, reviewer=monitor, decision="returned", comment="عکس؟", expected_version=1)
    update_entry(entry=returned, expected_version=returned.version, narrative="عکس اضافه شد.")
    log(commitment("B6"), rural_staff)
    mail.outbox.clear()

    output = run(only="monitors")

    digests = Notification.objects.filter(kind=Kind.MONITOR_DIGEST)
    assert {n.recipient for n in digests} == {monitor, second_monitor}
    params = digests.get(recipient=monitor).params
    assert (params["waiting"], params["new"], params["resubmitted"], params["oldest_days"]) == (2, 1, 1, 5)
    assert sorted(m.to[0] for m in mail.outbox) == ["relief-monitor-2@example.org", "relief-monitor@example.org"]
    assert "Queued 2 monitor digest(s)" in output


def test_running_twice_in_a_day_sends_nothing_twice(at_wednesday, commitment, rural_staff, monitor):
    with_email(monitor)
    log(commitment("B5"), rural_staff)

    run()
    run()

    assert Notification.objects.filter(kind=Kind.MONITOR_DIGEST).count() == 1
    assert len(mail.outbox) == 1


def test_the_next_day_brings_a_new_digest(commitment, rural_staff, monitor):
    with time_machine.travel(WEDNESDAY, tick=False):
        log(commitment("B5"), rural_staff)
        run(only="monitors")
    with time_machine.travel(WEDNESDAY + dt.timedelta(days=1), tick=False):
        run(only="monitors")

    assert Notification.objects.filter(recipient=monitor, kind=Kind.MONITOR_DIGEST).count() == 2


def test_no_digest_when_nothing_awaits_review(at_wednesday, monitor, agreement):
    run(only="monitors")
    assert not Notification.objects.exists()


def test_a_monitor_who_turned_the_digest_off_gets_only_the_inbox(at_wednesday, commitment, rural_staff, monitor):
    with_email(monitor)
    Preference.objects.create(user=monitor, email_monitor_digest=False)
    log(commitment("B5"), rural_staff)

    run(only="monitors")

    assert Notification.objects.filter(recipient=monitor).count() == 1
    assert mail.outbox == []


@pytest.fixture
def relief_focal(django_user_model, relief):
    user = django_user_model.objects.create_user(username="relief-focal", password="pw-for-tests-1397")
    Membership.objects.create(user=user, party=relief, role=Membership.Role.FOCAL_POINT)
    return user


def test_each_focal_point_hears_of_their_own_partys_commitments(
    at_wednesday, rural_focal, relief_focal, rural_staff, monitor, committee_member, outsider
):
    with_email(rural_focal, relief_focal, rural_staff, monitor, committee_member, outsider)

    run(only="focal-points")

    digests = {n.recipient: n for n in Notification.objects.filter(kind=Kind.FOCAL_DIGEST)}
    assert set(digests) == {rural_focal, relief_focal}
    assert digests[rural_focal].path == "/a/qazvin-ikrc-rural-1397/commitments/?owner=rural-affairs-qazvin"
    # Nothing has been logged yet: every open commitment the party owes is stale.
    assert digests[rural_focal].params["stale"] > 0
    assert sorted(m.to[0] for m in mail.outbox) == ["relief-focal@example.org", "rural-focal@example.org"]


def test_the_weekly_digest_is_sent_once_a_week(rural_focal):
    with time_machine.travel(WEDNESDAY, tick=False):
        run(only="focal-points")
    with time_machine.travel(WEDNESDAY + dt.timedelta(days=2), tick=False):  # Friday, same week
        run(only="focal-points")
    assert Notification.objects.filter(recipient=rural_focal).count() == 1
    with time_machine.travel(WEDNESDAY + dt.timedelta(days=3), tick=False):  # Saturday: a new week
        run(only="focal-points")
    assert Notification.objects.filter(recipient=rural_focal).count() == 2


def test_the_iranian_week_starts_on_saturday():
    assert week_start(dt.date(2024, 10, 16)) == dt.date(2024, 10, 12)
    assert week_start(dt.date(2024, 10, 12)) == dt.date(2024, 10, 12)
    assert week_start(dt.date(2024, 10, 18)) == dt.date(2024, 10, 12)


def _focal_points(django_user_model, party, count, start):
    for n in range(start, start + count):
        user = django_user_model.objects.create_user(username=f"focal-{n}", email=f"focal-{n}@example.org")
        Membership.objects.create(user=user, party=party, role=Membership.Role.FOCAL_POINT)


def test_queueing_the_digests_costs_the_same_queries_for_three_people_or_thirty(
    at_wednesday, django_user_model, rural, commitment, rural_staff, settings
):
    # Only queue here: the e-mail job is measured below.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend", "QUEUES": ["default"]}}
    log(commitment("B5"), rural_staff)
    _focal_points(django_user_model, rural, 3, 0)
    with CaptureQueriesContext(connection) as few:
        send_focal_digests()
        send_monitor_digests()
    Notification.objects.all().delete()
    _focal_points(django_user_model, rural, 27, 3)
    with CaptureQueriesContext(connection) as many:
        send_focal_digests()
        send_monitor_digests()

    assert Notification.objects.count() == 30
    assert len(many) == len(few)


def test_sending_the_emails_costs_one_query_per_person(at_wednesday, django_user_model, rural, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend", "QUEUES": ["default"]}}
    _focal_points(django_user_model, rural, 30, 0)
    send_focal_digests()
    few, many = Notification.objects.order_by("pk")[:3], Notification.objects.order_by("pk")[3:30]

    with CaptureQueriesContext(connection) as three:
        send_notification_emails.call([n.pk for n in few])
    with CaptureQueriesContext(connection) as twenty_seven:
        send_notification_emails.call([n.pk for n in many])

    assert len(mail.outbox) == 30
    # A fixed number of queries per message, whatever the batch, plus a constant for the batch: the
    # claim (lock the notification, read its latest try, write the SENDING try) and the acceptance
    # (e-mailed at and the try's outcome), each in its own transaction (savepoints inside a test).
    assert len(twenty_seven) - len(three) == 9 * (27 - 3)
