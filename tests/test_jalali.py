import datetime as dt

import pytest
from django.utils import translation

from agreement.jalali import DateInputError, Quarter, format_jalali, local_date, parse_jalali


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1397-09-26", dt.date(2018, 12, 17)),
        ("1403-01-01", dt.date(2024, 3, 20)),
        ("1403/12/30", dt.date(2025, 3, 20)),
        ("۱۴۰۳/۰۱/۰۱", dt.date(2024, 3, 20)),
        ("١٤٠٣-٠١-٠١", dt.date(2024, 3, 20)),
        (" 1397 / 9 / 26 ", dt.date(2018, 12, 17)),
    ],
)
def test_it_parses_known_jalali_dates_in_any_digits(text, expected):
    assert parse_jalali(text) == expected


def test_it_refuses_month_13_with_a_clear_message():
    with translation.override("en"), pytest.raises(DateInputError, match="no month 13"):
        parse_jalali("1403-13-01")


def test_it_refuses_esfand_30_in_a_common_year():
    with translation.override("en"), pytest.raises(DateInputError, match="1402 is not a leap year"):
        parse_jalali("1402-12-30")


def test_its_errors_are_in_persian_when_the_user_reads_persian():
    with translation.override("fa"), pytest.raises(DateInputError) as error:
        parse_jalali("1402-12-30")
    assert "کبیسه" in str(error.value)


def test_it_refuses_text_that_is_not_a_date():
    with pytest.raises(DateInputError):
        parse_jalali("yesterday")


def test_it_formats_with_persian_digits():
    assert format_jalali(dt.date(2018, 12, 17)) == "۱۳۹۷/۰۹/۲۶"
    assert format_jalali(dt.date(2018, 12, 17), long=True) == "۲۶ آذر ۱۳۹۷"


def test_it_converts_to_tehran_time_before_taking_the_date():
    late_utc = dt.datetime(2024, 3, 19, 21, 0, tzinfo=dt.UTC)
    assert local_date(late_utc) == dt.date(2024, 3, 20)
    assert format_jalali(late_utc, persian_digits=False).startswith("1403/01/01")


def test_quarters_follow_the_jalali_fiscal_year():
    q2 = Quarter(1403, 2)
    assert (q2.first_day, q2.last_day) == (dt.date(2024, 6, 21), dt.date(2024, 9, 21))
    assert Quarter.containing(dt.date(2018, 12, 17)) == Quarter(1397, 3)
    assert Quarter(1403, 4).next() == Quarter(1404, 1)
    assert Quarter(1404, 1).previous() == Quarter(1403, 4)
    assert Quarter.parse("۱۴۰۳-Q3") == Quarter(1403, 3)


@pytest.mark.parametrize("text", ["1403-Q3", "1403Q3", "1403 Q3", "Q3 1403", "q3-1403", "۱۴۰۳-Q۳", "Q۳ ۱۴۰۳", "٣ Q"])
def test_every_printed_form_of_a_quarter_reads_back(text):
    if text == "٣ Q":
        with pytest.raises(DateInputError):
            Quarter.parse(text)
    else:
        assert Quarter.parse(text) == Quarter(1403, 3)


@pytest.mark.parametrize("text", ["0000-Q1", "9999-Q4", "1403-Q5", "1403-Q0", "", "Q"])
def test_an_impossible_quarter_is_refused_with_a_message(text):
    with translation.override("en"), pytest.raises(DateInputError, match="quarter|year"):
        Quarter.parse(text)


def test_a_quarters_span_ends_on_the_last_day_of_its_third_month():
    assert (Quarter(1403, 1).first_day, Quarter(1403, 1).last_day) == (dt.date(2024, 3, 20), dt.date(2024, 6, 20))
    assert Quarter(1403, 3).last_day == dt.date(2024, 12, 20)  # 30 Azar
    assert Quarter(1403, 4).last_day == dt.date(2025, 3, 20)  # 30 Esfand: 1403 is a leap year
    assert Quarter(1402, 4).last_day == dt.date(2024, 3, 19)  # 29 Esfand
    assert Quarter(1403, 4).contains(dt.date(2025, 3, 20)) and not Quarter(1403, 4).contains(dt.date(2025, 3, 21))


def test_a_quarter_has_one_label_per_language():
    with translation.override("fa"):
        assert Quarter(1403, 3).label == "سه‌ماهه سوم ۱۴۰۳ (مهر تا آذر)"
        assert Quarter(1403, 3).short_label == ("سه‌ماهه ۳", "۱۴۰۳")
    with translation.override("en"):
        assert Quarter(1403, 3).label == "Q3 1403 (Mehr–Azar)"
        assert Quarter(1403, 3).short_label == ("Q3", "1403")
    assert str(Quarter(1403, 3)) == "1403-Q3"


def test_an_agreements_quarters_run_from_its_start_to_today_newest_first(agreement):
    quarters = Quarter.of_agreement(agreement, dt.date(2019, 7, 1))  # 1398/04/10
    assert quarters == [Quarter(1398, 2), Quarter(1398, 1), Quarter(1397, 4), Quarter(1397, 3)]
    assert Quarter.current(dt.date(2019, 7, 1)) == Quarter(1398, 2)


@pytest.mark.parametrize(
    ("language", "typed", "message"),
    [
        ("fa", "2024/03/20", "۲۰۲۴/۰۳/۲۰ به تاریخ میلادی می‌ماند: در تقویم خورشیدی ۱۴۰۳/۰۱/۰۱ است."),
        ("fa", "۲۰۲۴-۰۳-۲۰", "۲۰۲۴/۰۳/۲۰ به تاریخ میلادی می‌ماند: در تقویم خورشیدی ۱۴۰۳/۰۱/۰۱ است."),
        ("en", "2024/03/20", "2024/03/20 looks like a Gregorian date: in the Jalali calendar it is 1403/01/01."),
        ("fa", "2024/02/30", "۲۰۲۴ به سال میلادی می‌ماند: تاریخ را به تقویم خورشیدی وارد کنید، مثلاً ۱۴۰۳/۰۱/۱۵."),
    ],
)
def test_a_gregorian_date_typed_into_a_jalali_box_is_named_as_such(language, typed, message):
    with translation.override(language), pytest.raises(DateInputError) as error:
        parse_jalali(typed)
    assert str(error.value) == message


def test_a_year_far_outside_both_calendars_still_gets_the_range():
    with translation.override("en"), pytest.raises(DateInputError, match="between 1300 and 1499"):
        parse_jalali("1700/01/01")
