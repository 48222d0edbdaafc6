"""The entries list filtered by a quarter that has not begun says so instead of showing every entry."""

import datetime as dt

from tests.factories import make_entry

URL = "/en/a/qazvin-ikrc-rural-1397/entries/"


def test_a_quarter_that_has_not_begun_is_named_and_lists_nothing(client, agreement, commitment, rural_staff):
    entry = make_entry(commitment("B5"), rural_staff, happened_on=dt.date(2024, 10, 1))
    client.force_login(rural_staff)
    response = client.get(URL, {"quarter": "1420-Q1"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "The quarter Q1 1420 (Farvardin–Khordad) has not begun yet" in html
    assert list(response.context["page"].object_list) == []
    assert entry.narrative not in html
    persian = client.get(URL.removeprefix("/en"), {"quarter": "1420-Q1"}).content.decode()
    assert "هنوز آغاز نشده" in persian
