"""The evaluation page at the monitor's pace: "Save and next" walks the quarter's unevaluated
commitments in the list's order, with the commitment's quarter entries (and their evidence
thumbnails) and the quarter's figures by the one progress rule beside the form."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from monitoring.models import Evaluation, QuarterLock
from obligations.models import Commitment
from tests.factories import PERSONAS, attach_photo, decide
from tests.monitoring.conftest import REFERENCE
from tests.monitoring.test_permission_matrix import check

ORDER = ["B1", "B2", "B3", "B4", "B5", "B6", "B7", "B8", "B9", "B10", "B11", "B12", "B13", "B14"]
ORDER += ["A1", "A2", "A3", "A4", "J1", "M1"]


def url(number="B5", quarter="1403-Q3"):
    return reverse("evaluation_edit", args=[REFERENCE, quarter, number])


def save(client, number, then="next", quarter="1403-Q3", **data):
    data = {"rating": "partly_met", "assessment": "بخشی انجام شد", "stamp": "", "then": then, **data}
    return client.post(url(number, quarter), data)


def evaluate(monitor, commitment, *numbers, quarter=3):
    for number in numbers:
        Evaluation.objects.create(
            commitment=commitment(number),
            year=1403,
            quarter=quarter,
            rating="weak",
            assessment="کند",
            evaluated_by=monitor,
        )


def test_the_commitments_are_walked_in_the_lists_order(agreement):
    numbers = list(agreement.commitments.order_by("position", "number").values_list("number", flat=True))
    assert numbers == ORDER  # B10 after B9, not after B1: the agreement's order, not the string's


def test_save_and_next_opens_the_next_commitment_not_yet_evaluated(as_user, monitor, commitment):
    evaluate(monitor, commitment, "B6", "B7")  # already done, by anyone: skipped

    response = save(as_user(monitor), "B5")

    assert response.status_code == 302
    assert response["Location"] == url("B8")
    assert Evaluation.objects.get(commitment=commitment("B5"), year=1403, quarter=3).rating == "partly_met"


def test_save_and_next_comes_back_to_the_commitments_skipped_earlier(as_user, monitor, commitment):
    # B1 and B2 were never opened; everything after M1... the walk wraps around to them.
    evaluate(monitor, commitment, *[n for n in ORDER if n not in ("B1", "B2", "M1")])

    client = as_user(monitor)
    assert save(client, "M1")["Location"] == url("B1")
    assert save(client, "B1")["Location"] == url("B2")


def test_the_last_save_and_next_returns_to_the_list_saying_the_quarter_is_complete(as_user, monitor, commitment):
    evaluate(monitor, commitment, *[n for n in ORDER if n != "J1"])
    client = as_user(monitor)

    response = save(client, "J1")

    list_url = f"{reverse('evaluation_list', args=[REFERENCE])}?quarter=1403-Q3"
    assert response["Location"] == list_url
    page = client.get(list_url)
    messages = [str(m) for m in page.context["messages"]]
    assert messages[0] == "ارزیابی J1 ذخیره شد."
    assert "کامل است" in messages[1] and "سه‌ماهه سوم ۱۴۰۳" in messages[1]
    assert Evaluation.objects.filter(year=1403, quarter=3).count() == len(ORDER)


def test_save_and_next_counts_only_the_quarters_own_evaluations(as_user, monitor, commitment):
    evaluate(monitor, commitment, "B6", quarter=2)  # the previous quarter's rating says nothing of this one
    assert save(as_user(monitor), "B5")["Location"] == url("B6")


def test_save_still_returns_to_the_list_at_the_commitment(as_user, monitor, commitment):
    response = save(as_user(monitor), "B5", then="list")
    assert response["Location"] == (
        f"{reverse('evaluation_list', args=[REFERENCE])}?quarter=1403-Q3#c-{commitment('B5').pk}"
    )


def test_an_invalid_form_stays_on_the_commitment_and_moves_nowhere(as_user, monitor):
    response = save(as_user(monitor), "B5", assessment="")
    assert response.status_code == 400
    assert not Evaluation.objects.exists()


def test_both_buttons_are_on_the_page_and_save_and_next_is_the_one_enter_presses(as_user, monitor):
    html = as_user(monitor).get(url()).content.decode()
    buttons = re.findall(r'<button type="submit" name="then" value="(\w+)"', html)
    assert buttons == ["next", "list"]
    assert "ذخیره و بعدی" in html


def test_a_locked_quarter_is_read_only_and_save_and_next_changes_nothing(as_user, monitor, agreement, commitment):
    evaluate(monitor, commitment, "B5", quarter=2)
    QuarterLock.objects.create(agreement=agreement, year=1403, quarter=2, changed_by=monitor)
    client = as_user(monitor)

    html = client.get(url("B5", "1403-Q2")).content.decode()
    response = save(client, "B5", quarter="1403-Q2", rating="fully_met")

    assert 'name="then"' not in html and 'name="rating"' not in html
    assert response["Location"] == url("B5", "1403-Q2")
    assert Evaluation.objects.get(commitment=commitment("B5")).rating == "weak"


@pytest.mark.parametrize("persona", PERSONAS, indirect=True)
def test_save_and_next_is_refused_to_everyone_but_monitors(persona, request, as_user):
    response = save(as_user(persona), "B5")
    name = request.node.callspec.params["persona"]
    check(response, name, {"monitor"}, 302)
    assert Evaluation.objects.count() == (1 if name == "monitor" else 0)


def test_beside_the_form_are_exactly_the_quarters_entries_in_every_state(
    as_user, monitor, second_monitor, log_entry, commitment, rural_staff, relief_staff, attach_evidence
):
    before = log_entry(
        commitment("B5"), rural_staff, happened_on=dt.date(2024, 9, 21), narrative="آخرین روز سه‌ماهه دوم"
    )
    first = log_entry(
        commitment("B5"), rural_staff, happened_on=dt.date(2024, 9, 22), narrative="نخستین روز سه‌ماهه سوم"
    )
    accepted = log_entry(commitment("B5"), rural_staff, happened_on=dt.date(2024, 10, 5), narrative="پذیرفته")
    returned = log_entry(commitment("B5"), rural_staff, happened_on=dt.date(2024, 10, 6), narrative="برگشتی")
    last = log_entry(commitment("B5"), rural_staff, happened_on=dt.date(2024, 12, 20), narrative="آخرین روز سه‌ماهه سوم")
    other = log_entry(commitment("A1"), relief_staff, happened_on=dt.date(2024, 10, 5), narrative="تعهد دیگر")
    decide(accepted, second_monitor)
    decide(returned, second_monitor, "returned")
    photo = attach_photo(accepted, "عکس محل.jpg")
    attach_evidence(returned, "صورتجلسه.pdf")

    response = as_user(monitor).get(url())

    shown = [entry.pk for entry in response.context["entries"]]
    assert shown == [first.pk, accepted.pk, returned.pk, last.pk]
    assert before.pk not in shown and other.pk not in shown
    html = response.content.decode()
    side = html.split('id="quarter-entries"')[1]
    assert "آخرین روز سه‌ماهه دوم" not in side and "تعهد دیگر" not in side
    assert "۱۴۰۳/۰۷/۱۴" in side  # 2024-10-05 in Jalali, Persian digits
    assert "rural-staff" in side  # the author
    assert '<span class="badge badge-accepted">پذیرفته‌شده</span>' in side
    assert '<span class="badge badge-returned">برگشت‌خورده</span>' in side
    assert f'src="/evidence/{photo.pk}/thumbnail/" alt="عکس محل.jpg"' in side
    assert '<span class="file-tile" aria-hidden="true">PDF</span>' in side


def test_the_quarters_figures_beside_the_form_are_the_progress_rules(
    as_user, monitor, second_monitor, log_entry, rural_staff, commitment
):
    b12 = commitment("B12")
    Commitment.objects.filter(pk=b12.pk).update(indicator_target=Decimal(2000))
    # The latest entry says 90%, but the target is counted in households: 500 + 300 of 2000.
    decide(
        log_entry(commitment("B12"), rural_staff, happened_on=dt.date(2024, 8, 1), quantity=Decimal(500)),
        second_monitor,
    )
    log_entry(
        commitment("B12"), rural_staff, happened_on=dt.date(2024, 10, 1), quantity=Decimal(300), percent_complete=90
    )
    expected = Commitment.objects.filter(pk=b12.pk).with_progress(as_of=dt.date(2024, 11, 1)).get()
    assert (expected.reported_percent, expected.verified_percent) == (40, 25)

    client = as_user(monitor)
    response = client.get(url("B12"))

    figures = response.context["figures"]
    assert (figures["reported_percent"], figures["verified_percent"]) == (40, 25)
    assert (figures["before_reported_percent"], figures["before_verified_percent"]) == (25, 25)
    side = response.content.decode().split('id="quarter-entries"')[1]
    assert "۴۰٪" in side and "۲۵٪" in side and "۸۰۰" in side and "۹۰٪" in side
    # The list shows the same figure, not the latest entry's 90%.
    listed = client.get(reverse("evaluation_list", args=[REFERENCE]), {"quarter": "1403-Q3"})
    row = next(c for c in listed.context["commitments"] if c.number == "B12")
    assert row.reported_percent == 40


def test_the_page_says_how_many_commitments_are_left(as_user, monitor, commitment):
    evaluate(monitor, commitment, "B1", "B2", "B5")
    html = as_user(monitor).get(url("B5")).content.decode()
    assert "۱۷ تعهد دیگر" in html


def test_the_evaluation_page_costs_the_same_with_one_entry_or_many_with_photos(
    as_user, monitor, second_monitor, log_entry, commitment, rural_staff, relief_staff, attach_evidence
):
    client = as_user(monitor)
    first = log_entry(commitment("B5"), rural_staff, happened_on=dt.date(2024, 10, 1))
    attach_photo(first)
    client.get(url())
    with CaptureQueriesContext(connection) as small:
        assert client.get(url()).status_code == 200

    for day in range(2, 14):
        entry = log_entry(commitment("B5"), rural_staff, happened_on=dt.date(2024, 10, day), narrative=f"بازدید {day}")
        attach_photo(entry, f"عکس {day}.jpg")
        attach_evidence(entry, f"نامه {day}.pdf")
        if day % 3 == 0:
            decide(entry, second_monitor)
    Evaluation.objects.create(
        commitment=first.commitment, year=1403, quarter=3, rating="weak", assessment="کند", evaluated_by=monitor
    )
    client.get(url())  # refreshes the session's idle stamp if building the data took over a minute
    with CaptureQueriesContext(connection) as large:
        response = client.get(url())
    assert len(response.context["entries"]) == 13
    assert response.content.decode().count('class="evidence-thumb"') == 13

    assert len(small) == len(large) - 1  # the one extra query: the evaluation's history, now that it has one
    assert len(large) <= 20
    print(f"evaluation page: {len(small)} queries with 1 entry, {len(large)} with 13 entries and 26 files")
