"""Reopening a locked quarter: administrators only, with a reason the history keeps."""

from django.urls import reverse

from monitoring.models import QuarterLock
from tests.monitoring.conftest import REFERENCE

URL = reverse("quarter_reopen", args=[REFERENCE, "1403-Q2"])


def test_an_administrator_reopens_a_locked_quarter_with_a_reason(as_user, superuser, monitor, agreement):
    lock = QuarterLock.objects.create(agreement=agreement, year=1403, quarter=2, changed_by=monitor)

    response = as_user(superuser).post(URL, {"reason": "ارقام بند ب۵ اصلاح شد"})

    assert response.status_code == 302
    lock.refresh_from_db()
    assert (lock.locked, lock.reason, lock.changed_by) == (False, "ارقام بند ب۵ اصلاح شد", superuser)
    history = list(lock.history.order_by("history_date").values_list("locked", "reason", "history_user"))
    assert history == [(True, "", None), (False, "ارقام بند ب۵ اصلاح شد", superuser.pk)]
    listing = as_user(superuser).get(reverse("evaluation_list", args=[REFERENCE]), {"quarter": "1403-Q2"})
    assert "ارقام بند ب۵ اصلاح شد" in listing.content.decode()


def test_a_reason_is_required(as_user, superuser, monitor, agreement):
    lock = QuarterLock.objects.create(agreement=agreement, year=1403, quarter=2, changed_by=monitor)

    response = as_user(superuser).post(URL, {"reason": " "})

    assert response.status_code == 400
    assert response.context["reopen_form"].errors["reason"]
    assert "errorlist" in response.content.decode()
    lock.refresh_from_db()
    assert lock.locked is True


def test_reopening_a_quarter_that_is_not_locked_changes_nothing(as_user, superuser):
    response = as_user(superuser).post(URL, {"reason": "آزمایش"}, follow=True)
    assert [m.level_tag for m in response.context["messages"]] == ["warning"]
    assert not QuarterLock.objects.exists()


def test_a_monitor_cannot_reopen(as_user, monitor, agreement):
    QuarterLock.objects.create(agreement=agreement, year=1403, quarter=2, changed_by=monitor)
    assert as_user(monitor).post(URL, {"reason": "لطفاً"}).status_code == 403
    assert QuarterLock.objects.get().locked is True
