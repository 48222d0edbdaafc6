"""Rating a commitment for a quarter: saved with its history, refused once the quarter is locked."""

import datetime as dt

import pytest
from django.urls import reverse

from monitoring.models import Evaluation, QuarterLock
from tests.monitoring.conftest import REFERENCE


def url(quarter="1403-Q3", number="B5"):
    return reverse("evaluation_edit", args=[REFERENCE, quarter, number])


def _stamp(response):
    return response.context["form"]["stamp"].value()


def test_a_monitor_rates_a_commitment_for_the_quarter(as_user, monitor, commitment):
    client = as_user(monitor)
    response = client.post(url(), {"rating": "partly_met", "assessment": "بخشی انجام شد", "stamp": ""})

    assert response.status_code == 302
    evaluation = Evaluation.objects.get()
    assert (evaluation.commitment, evaluation.year, evaluation.quarter) == (commitment("B5"), 1403, 3)
    assert (evaluation.rating, evaluation.evaluated_by) == ("partly_met", monitor)
    assert evaluation.assessment == "بخشی انجام شد"


def test_changing_an_evaluation_keeps_the_earlier_one_in_the_history(as_user, monitor, second_monitor):
    first = as_user(monitor)
    first.post(url(), {"rating": "weak", "assessment": "کند", "stamp": ""})
    second = as_user(second_monitor)
    stamp = _stamp(second.get(url()))
    second.post(url(), {"rating": "largely_met", "assessment": "بهتر شد", "stamp": stamp})

    evaluation = Evaluation.objects.get()
    assert evaluation.rating == "largely_met"
    versions = list(evaluation.history.order_by("history_date").values_list("rating", "history_user"))
    assert versions == [("weak", monitor.pk), ("largely_met", second_monitor.pk)]
    page = second.get(url()).content.decode()
    assert "کند" in page


def test_the_page_shows_what_the_party_reported_in_the_quarter(as_user, monitor, log_entry, commitment, rural_staff):
    log_entry(commitment("B5"), rural_staff, happened_on=dt.date(2024, 10, 2), narrative="بازدید از روستای کوندج")
    log_entry(commitment("B5"), rural_staff, happened_on=dt.date(2024, 6, 2), narrative="کار سه‌ماهه پیش")

    body = as_user(monitor).get(url()).content.decode()

    assert "بازدید از روستای کوندج" in body
    assert "کار سه‌ماهه پیش" not in body


def test_rating_and_assessment_are_required_and_nothing_is_saved_without_them(as_user, monitor):
    response = as_user(monitor).post(url(), {"rating": "", "assessment": "توضیح نگه داشته شود", "stamp": ""})

    assert response.status_code == 400
    assert set(response.context["form"].errors) == {"rating"}
    assert "توضیح نگه داشته شود" in response.content.decode()
    response = as_user(monitor).post(url(), {"rating": "weak", "assessment": "   ", "stamp": ""})
    assert set(response.context["form"].errors) == {"assessment"}
    assert 'value="weak" id="id_rating_1" checked' in response.content.decode()
    assert not Evaluation.objects.exists()


def test_an_unknown_rating_is_refused(as_user, monitor):
    response = as_user(monitor).post(url(), {"rating": "excellent", "assessment": "عالی", "stamp": ""})
    assert response.status_code == 400
    assert not Evaluation.objects.exists()


def test_arabic_letters_in_the_assessment_are_stored_as_persian(as_user, monitor):
    as_user(monitor).post(url(), {"rating": "weak", "assessment": "كار يكباره متوقف شد", "stamp": ""})
    assert Evaluation.objects.get().assessment == "کار یکباره متوقف شد"


def test_a_locked_quarter_refuses_changes_with_a_clear_message(as_user, monitor, agreement, commitment):
    Evaluation.objects.create(
        commitment=commitment("B5"), year=1403, quarter=2, rating="weak", assessment="کند", evaluated_by=monitor
    )
    QuarterLock.objects.create(agreement=agreement, year=1403, quarter=2, changed_by=monitor)
    client = as_user(monitor)

    page = client.get(url("1403-Q2"))
    response = client.post(url("1403-Q2"), {"rating": "fully_met", "assessment": "کامل", "stamp": ""}, follow=True)

    assert 'name="rating"' not in page.content.decode()
    assert [m.level_tag for m in response.context["messages"]] == ["error"]
    assert "قفل" in str(list(response.context["messages"])[0])
    assert Evaluation.objects.get().rating == "weak"


def test_a_reopened_quarter_can_be_evaluated_again(as_user, monitor, superuser, agreement):
    QuarterLock.objects.create(agreement=agreement, year=1403, quarter=2, changed_by=monitor)
    as_user(superuser).post(reverse("quarter_reopen", args=[REFERENCE, "1403-Q2"]), {"reason": "خطای گزارش"})

    as_user(monitor).post(url("1403-Q2"), {"rating": "fully_met", "assessment": "کامل", "stamp": ""})

    assert Evaluation.objects.get().rating == "fully_met"


def test_two_evaluators_at_once_the_second_is_told_and_nothing_is_overwritten(as_user, monitor, second_monitor):
    from django.test import Client

    first, second = Client(), Client()
    first.force_login(monitor)
    second.force_login(second_monitor)
    stamp_first, stamp_second = _stamp(first.get(url())), _stamp(second.get(url()))

    first.post(url(), {"rating": "weak", "assessment": "کند", "stamp": stamp_first})
    response = second.post(url(), {"rating": "fully_met", "assessment": "کامل و مستند", "stamp": stamp_second})

    evaluation = Evaluation.objects.get()
    assert (evaluation.rating, evaluation.evaluated_by) == ("weak", monitor)
    assert response.status_code == 409
    assert [m.level_tag for m in response.context["messages"]] == ["error"]
    # The second evaluator's text is kept, now set against the saved version, so saving again is deliberate.
    assert "کامل و مستند" in response.content.decode()
    assert _stamp(response) == evaluation.evaluated_at.isoformat()
    second.post(url(), {"rating": "fully_met", "assessment": "کامل و مستند", "stamp": _stamp(response)})
    evaluation.refresh_from_db()
    assert (evaluation.rating, evaluation.evaluated_by) == ("fully_met", second_monitor)
    assert evaluation.history.count() == 2


def test_a_stale_form_does_not_overwrite_a_later_change(as_user, monitor):
    client = as_user(monitor)
    client.post(url(), {"rating": "weak", "assessment": "کند", "stamp": ""})
    stale = _stamp(client.get(url()))
    client.post(url(), {"rating": "partly_met", "assessment": "بهتر", "stamp": stale})

    client.post(url(), {"rating": "fully_met", "assessment": "از برگه قدیمی", "stamp": stale})

    assert Evaluation.objects.get().rating == "partly_met"


@pytest.mark.parametrize(
    "quarter, number",
    [
        ("1404-Q1", "B5"),  # not yet begun
        ("1397-Q2", "B5"),  # before the agreement was signed (1397/09/26, Q3)
        ("1403-Q5", "B5"),
        ("autumn", "B5"),
        ("1403-Q3", "Z9"),
    ],
)
def test_quarters_and_commitments_that_do_not_exist_are_not_found(as_user, monitor, quarter, number):
    assert as_user(monitor).get(url(quarter, number)).status_code == 404


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_the_page_renders_in_both_languages(as_user, monitor, prefix):
    response = as_user(monitor).get(prefix + url())
    assert response.status_code == 200
    assert ("Fully met" if prefix else "کامل") in response.content.decode()
