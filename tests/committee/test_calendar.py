"""The executive calendar: Hijri-pinned programmes, hand corrections, the Jalali month grid."""

import datetime as dt

import pytest
import time_machine
from hijridate import Hijri

from committee.calendar import calendar_events, month_grid
from committee.models import Programme, ProgrammeCorrection

R = "qazvin-ikrc-rural-1397"


@pytest.fixture
def first_of_ramadan(agreement, relief_member):
    return Programme.objects.create(
        agreement=agreement,
        title_fa="آغاز ماه رمضان",
        hijri_month=9,
        hijri_day=1,
        length_days=1,
        created_by=relief_member,
    )


def test_a_hijri_pinned_programme_lands_on_irans_date_in_two_years(first_of_ramadan):
    found = first_of_ramadan.occurrences(dt.date(2025, 1, 1), dt.date(2026, 12, 31))
    # Iran: 1 Ramadan 1446 = 2 March 2025 (announced; Umm al-Qura says 1 March). 1447 is not
    # confirmed in the table yet: the arithmetic date, 18 February 2026, marked estimated.
    assert [(o.hijri_year, o.starts_on, o.estimated) for o in found] == [
        (1446, dt.date(2025, 3, 2), False),
        (1447, dt.date(2026, 2, 18), True),
    ]
    assert Hijri(1446, 9, 1).to_gregorian() == dt.date(2025, 3, 1)  # the library is a day early for Iran


def test_a_hand_correction_moves_one_year_only(first_of_ramadan):
    # A programme held a day late one year (its own decision, not the calendar's).
    ProgrammeCorrection.objects.create(programme=first_of_ramadan, hijri_year=1445, starts_on=dt.date(2024, 3, 13))
    found = first_of_ramadan.occurrences(dt.date(2024, 1, 1), dt.date(2025, 12, 31))
    assert [(o.starts_on, o.corrected) for o in found] == [(dt.date(2024, 3, 13), True), (dt.date(2025, 3, 2), False)]


def test_a_multi_day_programme_spans_its_days(agreement, relief_member):
    charity = Programme.objects.create(
        agreement=agreement,
        title_fa="جشن نیکوکاری",
        hijri_month=9,
        hijri_day=10,
        length_days=6,
        created_by=relief_member,
    )
    (occurrence,) = charity.occurrences(dt.date(2025, 1, 1), dt.date(2025, 12, 31))
    assert (occurrence.starts_on, occurrence.ends_on) == (dt.date(2025, 3, 11), dt.date(2025, 3, 16))


def test_the_month_grid_starts_on_saturday_and_covers_the_jalali_month(agreement):
    grid = month_grid(1403, 7, [], today=dt.date(2024, 9, 25))
    assert all(week[0].date.weekday() == 5 for week in grid.weeks)  # Saturday
    in_month = [day for week in grid.weeks for day in week if day.in_month]
    assert in_month[0].date == dt.date(2024, 9, 22) and in_month[-1].date == dt.date(2024, 10, 21)  # Mehr 1403: 30 days
    assert len(in_month) == 30
    today = next(day for week in grid.weeks for day in week if day.is_today)
    assert (today.jalali.month, today.jalali.day) == (7, 4)
    assert (today.hijri.month, today.hijri.day) == (3, 22)  # 22 Rabi al-Awwal 1446


def test_meetings_programmes_and_due_dates_all_reach_the_calendar(agreement, decision, relief_member, commitment):
    atefeh = Programme.objects.create(
        agreement=agreement,
        title_fa="جشن عاطفه‌ها",
        starts_on=dt.date(2024, 9, 22),
        ends_on=dt.date(2024, 9, 28),
        created_by=relief_member,
    )
    events = calendar_events(agreement, dt.date(2024, 9, 22), dt.date(2024, 10, 21), today=dt.date(2024, 10, 1))
    kinds = {(e.kind, e.starts_on) for e in events}
    assert ("programme", dt.date(2024, 9, 22)) in kinds
    assert ("meeting", dt.date(2024, 9, 22)) in kinds
    assert ("decision_due", dt.date(2024, 10, 21)) in kinds
    assert next(e for e in events if e.kind == "programme").source.programme == atefeh


@time_machine.travel("2024-09-25 09:00 +03:30", tick=False)
@pytest.mark.parametrize("language", ["fa", "en"])
def test_the_month_page_shows_persian_digits_and_hijri_dates(
    client, agreement, decision, rural_viewer, language, django_assert_max_num_queries
):
    client.force_login(rural_viewer)
    prefix = "" if language == "fa" else "/en"
    with django_assert_max_num_queries(15):
        response = client.get(f"{prefix}/a/{R}/calendar/?month=1403-07")
    page = response.content.decode()
    if language == "fa":
        assert "مهر ۱۴۰۳" in page and "شنبه" in page and "ربیع‌الاول" in page
    else:
        assert "Mehr 1403" in page and "Rabi al-Awwal" in page
    assert f"/a/{R}/committee/{decision.meeting.pk}/" in page


def test_a_programme_is_entered_with_jalali_dates_or_a_hijri_pin(client, agreement, relief_staff, commitment):
    client.force_login(relief_staff)
    response = client.post(
        f"/a/{R}/calendar/programmes/new/",
        {
            "title_fa": "جشن عاطفه‌ها",
            "responsible_party": "both",
            "dating": "fixed",
            "starts_on": "۱۴۰۴/۰۷/۰۱",
            "ends_on": "۱۴۰۴/۰۷/۰۷",
            "commitments": [commitment("A1").pk],
        },
    )
    assert response.status_code == 302
    programme = Programme.objects.get()
    assert (programme.starts_on, programme.ends_on) == (dt.date(2025, 9, 23), dt.date(2025, 9, 29))
    response = client.post(
        f"/a/{R}/calendar/programmes/new/",
        {
            "title_fa": "جشن نیکوکاری",
            "responsible_party": "both",
            "dating": "hijri",
            "hijri_month": "9",
            "hijri_day": "۱۰",
            "length_days": "6",
        },
    )
    assert response.status_code == 302
    charity = Programme.objects.get(title_fa="جشن نیکوکاری")
    assert (charity.hijri_month, charity.hijri_day, charity.starts_on) == (9, 10, None)
    client.post(f"/a/{R}/calendar/programmes/{charity.pk}/correct/", {"hijri_year": "1446", "starts_on": "1403/12/21"})
    assert charity.corrections.get().starts_on == dt.date(2025, 3, 11)


def test_a_hijri_programme_needs_its_month_and_day(client, agreement, relief_staff):
    client.force_login(relief_staff)
    response = client.post(
        f"/a/{R}/calendar/programmes/new/", {"title_fa": "جشن", "responsible_party": "both", "dating": "hijri"}
    )
    assert response.status_code == 200 and not Programme.objects.exists()


@time_machine.travel("2024-09-25 09:00 +03:30", tick=False)
@pytest.mark.parametrize("query", ["month=1500-01", "month=1299-12", "year=1500", "year=1299"])
def test_the_calendar_accepts_the_years_the_date_fields_accept(client, agreement, rural_viewer, query):
    """The calendar and the Jalali date parser agree on the last valid year (1499): a year the date
    fields refuse shows this month (or year) instead of a page no one can enter data for."""
    client.force_login(rural_viewer)
    page = "calendar/list/" if query.startswith("year") else "calendar/"
    response = client.get(f"/a/{R}/{page}?{query}")
    assert response.status_code == 200
    assert "۱۴۰۳" in response.content.decode()
    assert "۱۵۰۰" not in response.content.decode()
