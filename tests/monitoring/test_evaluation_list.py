"""The quarter's evaluation list: the party's reported status and the monitor's rating side by side."""

import datetime as dt
from pathlib import Path

from django.urls import reverse

from monitoring.models import RATING_MEANINGS, Evaluation, QuarterLock
from tests.monitoring.conftest import REFERENCE

URL = reverse("evaluation_list", args=[REFERENCE])


def _row(response, number):
    return next(c for c in response.context["commitments"] if c.number == number)


def test_it_lists_every_commitment_for_the_current_quarter_by_default(as_user, monitor, agreement):
    response = as_user(monitor).get(URL)

    assert str(response.context["period"]) == "1403-Q3"
    assert len(response.context["commitments"]) == agreement.commitments.count()
    assert response.context["can_evaluate"] is True
    assert response.context["agreement"] == agreement and response.context["can_review"] is True


def test_it_shows_reported_status_and_rating_side_by_side(as_user, monitor, log_entry, rural_staff, commitment):
    log_entry(
        commitment("B5"),
        rural_staff,
        happened_on=dt.date(2024, 7, 1),
        reported_status="in_progress",
        percent_complete=20,
    )
    log_entry(
        commitment("B5"), rural_staff, happened_on=dt.date(2024, 10, 5), reported_status="at_risk", percent_complete=35
    )
    Evaluation.objects.create(
        commitment=commitment("B5"),
        year=1403,
        quarter=3,
        rating="weak",
        evaluated_by=monitor,
        assessment="کند پیش می‌رود",
    )

    response = as_user(monitor).get(URL, {"quarter": "1403-Q3"})

    b5 = _row(response, "B5")
    assert (b5.reported_status, b5.reported_percent, b5.entries_in_quarter) == ("at_risk", 35, 1)
    assert b5.evaluation.rating == "weak"
    body = response.content.decode()
    assert "کند پیش می‌رود" in body
    assert "status-at_risk" in body and "rating-weak" in body


def test_an_earlier_quarter_shows_what_was_reported_by_its_end(as_user, monitor, log_entry, commitment, rural_staff):
    log_entry(
        commitment("B5"),
        rural_staff,
        happened_on=dt.date(2024, 7, 1),
        reported_status="in_progress",
        percent_complete=20,
    )
    log_entry(
        commitment("B5"), rural_staff, happened_on=dt.date(2024, 10, 5), reported_status="at_risk", percent_complete=35
    )

    response = as_user(monitor).get(URL, {"quarter": "1403-Q2"})

    b5 = _row(response, "B5")
    assert (b5.reported_status, b5.reported_percent, b5.entries_in_quarter) == ("in_progress", 20, 1)
    assert b5.evaluation is None


def test_it_explains_the_rating_scale(as_user, monitor):
    with_english = as_user(monitor).get("/en" + URL).content.decode()
    for meaning in RATING_MEANINGS.values():
        assert str(meaning).replace("'", "&#x27;") in with_english


def test_a_quarter_typed_with_persian_digits_is_understood(as_user, monitor):
    response = as_user(monitor).get(URL, {"quarter": "۱۴۰۲-Q4"})
    assert str(response.context["period"]) == "1402-Q4"


def test_a_quarter_that_cannot_be_read_falls_back_to_the_current_one_with_a_message(as_user, monitor):
    response = as_user(monitor).get(URL, {"quarter": "پاییز"})
    assert str(response.context["period"]) == "1403-Q3"
    assert [m.level_tag for m in response.context["messages"]] == ["error"]


def test_a_quarter_in_the_future_offers_nothing_to_evaluate(as_user, monitor):
    response = as_user(monitor).get(URL, {"quarter": "1404-Q1"})
    assert response.context["can_evaluate"] is False
    assert "evaluation_edit" not in response.content.decode()
    assert "/evaluations/1404-Q1/" not in response.content.decode()


def test_readers_see_evaluations_but_no_way_to_change_them(as_user, committee_member, rural_staff):
    for reader in (committee_member, rural_staff):
        response = as_user(reader).get(URL)
        assert response.context["can_evaluate"] is False
        assert "/evaluations/1403-Q3/B5/" not in response.content.decode()


def test_a_locked_quarter_says_so_and_offers_no_edit_links(as_user, monitor, agreement):
    QuarterLock.objects.create(agreement=agreement, year=1403, quarter=2, changed_by=monitor)

    response = as_user(monitor).get(URL, {"quarter": "1403-Q2"})

    assert response.context["locked"] is True
    assert response.context["can_evaluate"] is False
    assert "/evaluations/1403-Q2/B5/" not in response.content.decode()
    assert "/evaluations/1403-Q2/reopen/" not in response.content.decode()


def test_an_administrator_is_offered_the_reopen_form_on_a_locked_quarter(as_user, superuser, monitor, agreement):
    QuarterLock.objects.create(agreement=agreement, year=1403, quarter=2, changed_by=monitor)
    response = as_user(superuser).get(URL, {"quarter": "1403-Q2"})
    assert "/evaluations/1403-Q2/reopen/" in response.content.decode()


def test_not_evaluated_is_drawn_unlike_not_started(as_user, monitor, agreement):
    html = as_user(monitor).get(URL).content.decode()
    assert '<span class="badge rating-none">ارزیابی نشده</span>' in html
    css = (Path(__file__).resolve().parents[2] / "static" / "css" / "peyman.css").read_text()
    rules = {line.split("{")[0].strip(): line.split("{")[1] for line in css.splitlines() if line.startswith(".rating-")}
    assert rules[".rating-none"] != rules[".rating-not_started"]
