"""Iran's Hijri calendar: the month starts table, read by every Hijri conversion (grid, programmes, feed)."""

import datetime as dt

import icalendar
import pytest
import time_machine
from hijridate import Hijri

from agreement.hijri import HijriDate, IranHijriCalendar
from agreement.models import HijriMonthStart
from committee.calendar import month_grid
from committee.models import CalendarFeed, Programme

R = "qazvin-ikrc-rural-1397"

# Dates established from Iranian announcements (the seed cites where each was reported).
IRAN = [
    ((1442, 9), dt.date(2021, 4, 14)),  # 1 Ramadan 1442, Wednesday 25 Farvardin 1400
    ((1442, 10), dt.date(2021, 5, 13)),  # 1 Shawwal 1442, Thursday 23 Ordibehesht 1400
    ((1443, 9), dt.date(2022, 4, 3)),
    ((1444, 9), dt.date(2023, 3, 23)),  # Thursday 3 Farvardin 1402
    ((1445, 9), dt.date(2024, 3, 12)),
    ((1445, 10), dt.date(2024, 4, 10)),  # Wednesday 22 Farvardin 1403
    ((1445, 12), dt.date(2024, 6, 8)),  # Eid al-Adha on Monday 17 June 2024
    ((1446, 9), dt.date(2025, 3, 2)),
    ((1446, 10), dt.date(2025, 3, 31)),  # Monday 11 Farvardin 1404
]


@pytest.mark.parametrize(("month", "first_day"), IRAN)
def test_known_iranian_dates_convert_both_ways(db, month, first_day):
    calendar = IranHijriCalendar()
    assert calendar.to_gregorian(*month, 1) == first_day
    assert calendar.from_gregorian(first_day) == HijriDate(*month, 1, estimated=False)
    before = calendar.from_gregorian(first_day - dt.timedelta(days=1))
    assert before.day in (29, 30) and (before.year, before.month) != month
    assert HijriMonthStart.objects.get(hijri_year=month[0], hijri_month=month[1]).source_kind == "announced"


def test_six_of_the_nine_iranian_dates_differ_from_umm_al_qura_by_one_day(db):
    differences = [(first_day - Hijri(*month, 1).to_gregorian()).days for month, first_day in IRAN]
    assert sorted(differences) == [0, 0, 0, 1, 1, 1, 1, 1, 1]


def test_the_seed_covers_1440_to_1448_with_a_source_and_real_month_lengths(db):
    rows = list(HijriMonthStart.objects.order_by("starts_on"))
    assert [(r.hijri_year, r.hijri_month) for r in rows] == [(y, m) for y in range(1440, 1449) for m in range(1, 13)]
    assert all(r.source.strip() for r in rows)
    assert {r.source_kind for r in rows} == {"announced", "estimated"}  # no Geophysics row could be established
    lengths = {(b.starts_on - a.starts_on).days for a, b in zip(rows, rows[1:], strict=False)}
    assert lengths == {29, 30}
    # Every row's history starts with the seed.
    assert HijriMonthStart.history.filter(history_type="+").count() == len(rows)


def test_a_month_outside_the_table_falls_back_to_the_arithmetic_and_is_estimated(db):
    calendar = IranHijriCalendar()
    assert calendar.to_gregorian(1450, 9, 1) == Hijri(1450, 9, 1).to_gregorian()
    assert calendar.from_gregorian(Hijri(1450, 9, 5).to_gregorian()) == HijriDate(1450, 9, 5, estimated=True)


def test_an_arithmetic_month_beside_a_confirmed_one_stays_29_or_30_days_long():
    # Iran confirmed 1 Ramadan a day after the arithmetic; a Shaban of 30 days in the arithmetic
    # would become 31: the estimated 1 Shaban moves a day later instead.
    arithmetic_shaban = Hijri(1441, 8, 1).to_gregorian()
    arithmetic_ramadan = Hijri(1441, 9, 1).to_gregorian()
    assert (arithmetic_ramadan - arithmetic_shaban).days == 30
    calendar = IranHijriCalendar({(1441, 9): (arithmetic_ramadan + dt.timedelta(days=1), False)})
    assert calendar.month_start(1441, 8) == (arithmetic_shaban + dt.timedelta(days=1), True)
    assert calendar.month_length(1441, 8) == 30
    last_of_shaban = calendar.from_gregorian(arithmetic_ramadan)
    assert last_of_shaban == HijriDate(1441, 8, 30, estimated=True)


def test_the_grid_labels_follow_iran_and_mark_estimated_months(agreement):
    # Esfand 1403 holds the end of Shaban (estimated) and 1 Ramadan 1446 (announced: 2 March 2025).
    grid = month_grid(1403, 12, [], today=dt.date(2025, 3, 2))
    days = {day.date: day for week in grid.weeks for day in week}
    assert days[dt.date(2025, 3, 2)].hijri == HijriDate(1446, 9, 1, estimated=False)
    assert days[dt.date(2025, 3, 1)].hijri == HijriDate(1446, 8, 30, estimated=True)


@time_machine.travel("2025-03-02 09:00 +03:30", tick=False)
def test_the_month_page_marks_estimated_days_only(client, agreement, rural_viewer):
    client.force_login(rural_viewer)
    page = client.get(f"/a/{R}/calendar/?month=1403-12").content.decode()
    assert "۱ رمضان" in page
    # The grid runs Saturday 15 February to Friday 21 March 2025: Shaban 1446 (estimated) until
    # 1 March, 15 days; Ramadan (announced) from 2 March, 20 days.
    assert page.count('class="hijri hijri-estimated"') == 15
    assert page.count('class="hijri"') == 20


def _feed_events(client, token):
    calendar = icalendar.Calendar.from_ical(client.get(f"/calendar/feed/{token}.ics").content)
    return {str(e["UID"]): e.decoded("DTSTART") for e in calendar.walk("VEVENT") if "programme" in str(e["UID"])}


@time_machine.travel("2025-01-15 09:00 +03:30", tick=False)
def test_a_new_month_start_moves_pinned_programmes_and_keeps_their_uid(
    client, settings, agreement, relief_member, rural_viewer, superuser
):
    settings.PEYMAN_SITE_URL = "https://peyman.example.ir"
    charity = Programme.objects.create(
        agreement=agreement,
        title_fa="جشن نیکوکاری",
        hijri_month=9,
        hijri_day=10,
        length_days=6,
        created_by=relief_member,
    )
    feed = CalendarFeed.objects.create(user=rural_viewer)
    uid = f"programme-{charity.pk}-h1446@peyman.example.ir"
    assert _feed_events(client, feed.token)[uid] == dt.date(2025, 3, 11)

    # Say the office had announced a day later: the administrator changes the row in the admin.
    ramadan = HijriMonthStart.objects.get(hijri_year=1446, hijri_month=9)
    client.force_login(superuser)
    response = client.post(
        f"/en/admin/agreement/hijrimonthstart/{ramadan.pk}/change/",
        {
            "hijri_year": "1446",
            "hijri_month": "9",
            "starts_on": "2025-03-03",
            "source_kind": "geophysics",
            "source": "test: a corrected start",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    client.logout()

    events = _feed_events(client, feed.token)
    assert events[uid] == dt.date(2025, 3, 12)  # moved with the month, same event for the subscriber
    (occurrence,) = charity.occurrences(dt.date(2025, 1, 1), dt.date(2025, 12, 31))
    assert occurrence.starts_on == dt.date(2025, 3, 12) and not occurrence.estimated
    # The change is in the row's history, with who made it.
    latest = ramadan.history.order_by("-history_id").first()  # dates: the clock is travelled
    assert (latest.starts_on, latest.history_user, latest.history_type) == (dt.date(2025, 3, 3), superuser, "~")


def test_only_the_administrator_edits_month_starts(client, monitor, relief_staff):
    for person in (monitor, relief_staff):
        client.force_login(person)
        response = client.get("/en/admin/agreement/hijrimonthstart/")
        assert response.status_code == 302 and "/login/" in response["Location"]
