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
