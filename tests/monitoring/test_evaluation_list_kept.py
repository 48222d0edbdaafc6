"""A quarter's evaluation table is rendered once per state of the agreement's data (agreement.page_cache):
the next reader after an evaluation or an entry sees it, and each reader keeps their own links."""

import datetime as dt

from django.urls import reverse

from agreement.jalali import Quarter
from monitoring.evaluations import save_evaluation
from tests.monitoring.conftest import REFERENCE

URL = reverse("evaluation_list", args=[REFERENCE]) + "?quarter=1403-Q3"


def _table(response) -> str:
    html = response.content.decode()
    return html[html.index('<table class="evaluations">') : html.index("</table>")]


def test_an_evaluation_saved_is_in_the_table_for_the_next_reader(as_user, monitor, commitment, nothing_kept):
    client = as_user(monitor)
    before = _table(client.get(URL))
    assert _table(client.get(URL)) == before  # kept
    save_evaluation(
        commitment=commitment("B5"),
        period=Quarter(1403, 3),
        rating="weak",
        assessment="پیشرفت کند است",
        evaluator=monitor,
        seen_stamp="",
    )
    after = _table(client.get(URL))
    assert "پیشرفت کند است" in after and after != before
    with nothing_kept():
        assert after == _table(client.get(URL))


def test_an_entry_logged_in_the_quarter_is_counted_for_the_next_reader(
    as_user, monitor, rural_staff, log_entry, commitment, nothing_kept
):
    client = as_user(monitor)
    before = _table(client.get(URL))
    log_entry(
        commitment("B5"), rural_staff, happened_on=dt.date(2024, 10, 5), reported_status="at_risk", percent_complete=35
    )
    after = _table(client.get(URL))
    assert after != before and "۳۵٪" in after
    with nothing_kept():
        assert after == _table(client.get(URL))


def test_the_monitor_and_a_reader_each_get_their_own_table(as_user, monitor, committee_member):
    edit_link = reverse("evaluation_edit", args=[REFERENCE, "1403-Q3", "B5"])
    assert edit_link in _table(as_user(monitor).get(URL))
    assert edit_link not in _table(as_user(committee_member).get(URL))
    assert edit_link in _table(as_user(monitor).get(URL))
