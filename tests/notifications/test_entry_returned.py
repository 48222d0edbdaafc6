"""A monitor returns an entry: its author, and only its author, is told once, in the inbox and by e-mail."""

import datetime as dt

import pytest
from django.core import mail

from notifications.models import Kind, Notification, Preference


def test_it_tells_the_author_once_in_the_inbox_and_by_email(
    commitment, rural_staff, monitor, outsider, with_emails, log_entry, return_entry
):
    entry = log_entry(commitment("B5"), rural_staff)
    return_entry(entry, monitor)

    notification = Notification.objects.get()
    assert notification.recipient == rural_staff
    assert notification.kind == Kind.ENTRY_RETURNED
    assert notification.path == f"/a/qazvin-ikrc-rural-1397/commitments/B5/#entry-{entry.pk}"
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["rural-staff@example.org"]


def test_it_words_the_notification_with_the_number_and_the_comment(
    commitment, rural_staff, monitor, log_entry, return_entry
):
    entry = log_entry(commitment("B5"), rural_staff)
    return_entry(entry, monitor, comment="تاریخ را اصلاح کنید")

    notification = Notification.objects.get()
    assert "B5" in notification.message
    # The comment is shown apart from the sentence, never inside it (bidi).
    assert notification.quoted == "تاریخ را اصلاح کنید"


def test_an_accepted_entry_tells_no_one(commitment, rural_staff, monitor, with_emails, log_entry):
    from obligations.services import review_entry

    entry = log_entry(commitment("B5"), rural_staff)
    review_entry(entry=entry, reviewer=monitor, decision="accepted", expected_version=entry.version)

    assert not Notification.objects.exists()
    assert mail.outbox == []


def test_a_second_return_after_a_fix_is_a_second_notification(
    commitment, rural_staff, monitor, with_emails, log_entry, return_entry
):
    from obligations.services import update_entry

    entry = log_entry(commitment("B5"), rural_staff)
    entry = return_entry(entry, monitor)
    entry = update_entry(entry=entry, expected_version=entry.version, narrative="اصلاح شد.")
    return_entry(entry, monitor, comment="هنوز عکس ندارد.")

    assert Notification.objects.filter(recipient=rural_staff).count() == 2
    assert len(mail.outbox) == 2


def test_an_author_without_an_address_still_gets_the_inbox(commitment, rural_staff, monitor, log_entry, return_entry):
    entry = log_entry(commitment("B5"), rural_staff)
    return_entry(entry, monitor)

    assert Notification.objects.filter(recipient=rural_staff).count() == 1
    assert mail.outbox == []


def test_an_author_who_turned_this_mail_off_gets_only_the_inbox(
    commitment, rural_staff, monitor, with_emails, log_entry, return_entry
):
    Preference.objects.create(user=rural_staff, email_entry_returned=False)
    entry = log_entry(commitment("B5"), rural_staff)
    return_entry(entry, monitor)

    assert Notification.objects.filter(recipient=rural_staff).count() == 1
    assert mail.outbox == []


def test_an_author_who_left_the_agreement_hears_nothing(
    commitment, rural_staff, monitor, outside_party, with_emails, log_entry, return_entry
):
    entry = log_entry(commitment("B5"), rural_staff)
    rural_staff.membership.party = outside_party
    rural_staff.membership.save()
    entry.refresh_from_db()
    return_entry(entry, monitor)

    assert not Notification.objects.exists()
    assert mail.outbox == []


def test_the_email_is_persian_with_a_jalali_date_and_the_link(
    commitment, rural_staff, monitor, with_emails, log_entry, return_entry, settings
):
    settings.PEYMAN_SITE_URL = "https://peyman.example"
    entry = log_entry(commitment("B5"), rural_staff)
    return_entry(entry, monitor)

    message = mail.outbox[0]
    html = message.alternatives[0].content
    assert "بازگردانده شد" in message.subject
    assert 'dir="rtl"' in html
    assert f"https://peyman.example/a/qazvin-ikrc-rural-1397/commitments/B5/#entry-{entry.pk}" in message.body
    assert "۱۴" in message.body  # the Jalali year, in Persian digits
    assert message.extra_headers["Content-Language"] == "fa"


def test_the_email_is_english_for_someone_who_reads_english(
    commitment, rural_staff, monitor, with_emails, log_entry, return_entry, settings
):
    settings.PEYMAN_SITE_URL = "https://peyman.example"
    Preference.objects.create(user=rural_staff, language="en")
    entry = log_entry(commitment("B5"), rural_staff)
    return_entry(entry, monitor)

    message = mail.outbox[0]
    html = message.alternatives[0].content
    assert message.subject == "Peyman: your entry on B5 was returned"
    assert 'dir="ltr"' in html
    assert f"https://peyman.example/en/a/qazvin-ikrc-rural-1397/commitments/B5/#entry-{entry.pk}" in message.body


@pytest.mark.parametrize(
    ("language", "text", "day"),
    [
        ("fa", "تکمیل پروژه‌های عمرانی عام‌المنفعه", "۲۰ شهریور ۱۴۰۳"),
        ("en", "Complete public-benefit civil projects", "10 Sep 2024"),
    ],
)
def test_the_e_mail_names_the_commitments_words_and_the_day_of_the_work(
    commitment, rural_staff, monitor, with_emails, log_entry, return_entry, language, text, day
):
    """Not only «B5» (issue 19 point 7): the author may have logged on several commitments that day."""
    Preference.objects.update_or_create(user=rural_staff, defaults={"language": language})
    entry = log_entry(commitment("B5"), rural_staff, happened_on=dt.date(2024, 9, 10))
    return_entry(entry, monitor)
    message = mail.outbox[-1]
    for part in (message.body, message.alternatives[0][0]):
        assert text in part and day in part, part
