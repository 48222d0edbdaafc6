import datetime as dt

import pytest
import time_machine
from django.urls import reverse
from django.utils import translation

URL = "/en/a/qazvin-ikrc-rural-1397/commitments/"


def numbers(response):
    return [c.number for group in response.context["groups"] for c in group.commitments]


def row(html: str, number: str) -> str:
    """The HTML of one commitment's row on the page."""
    start = html.index(f">{number}<")
    return html[start : html.index("</article>", start)]


def test_the_url_name_is_the_one_other_pages_link_to(agreement):
    with translation.override("fa"):
        assert reverse("commitment_list", args=[agreement.reference]) == "/a/qazvin-ikrc-rural-1397/commitments/"


def test_an_unknown_agreement_is_404(client, rural_staff):
    client.force_login(rural_staff)
    assert client.get("/en/a/no-such-agreement/commitments/").status_code == 404


def test_own_party_first_then_the_other_then_joint(client, rural_staff, relief_staff):
    client.force_login(rural_staff)
    groups = client.get(URL).context["groups"]
    assert [g.key for g in groups] == ["rural-affairs-qazvin", "ikrc-qazvin", "joint"]
    assert groups[0].is_own and not groups[1].is_own
    client.force_login(relief_staff)
    assert [g.key for g in client.get(URL).context["groups"]] == ["ikrc-qazvin", "rural-affairs-qazvin", "joint"]


def test_staff_get_a_log_link_only_on_their_own_and_joint_commitments(client, rural_staff):
    client.force_login(rural_staff)
    response = client.get(URL)
    writable = {c.number for group in response.context["groups"] for c in group.commitments if c.can_log}
    assert writable == {f"B{n}" for n in range(1, 15)} | {"J1"}


def test_viewers_and_the_committee_get_no_log_link(client, rural_viewer, committee_member):
    for person in (rural_viewer, committee_member):
        client.force_login(person)
        response = client.get(URL)
        assert not any(c.can_log for group in response.context["groups"] for c in group.commitments)


def test_each_row_shows_status_progress_and_the_last_entry(client, rural_staff, commitment, log_entry):
    b5 = commitment("B5")
    log_entry(b5, rural_staff, percent_complete=40, reported_status="at_risk")
    client.force_login(rural_staff)
    b5_row = row(client.get(URL).content.decode(), "B5")
    assert "At risk" in b5_row
    assert "40%" in b5_row
    assert "Last entry" in b5_row


def test_an_indicator_shows_the_achieved_sum_against_the_baseline(client, rural_staff, commitment, log_entry):
    b12 = commitment("B12")
    log_entry(b12, rural_staff, quantity=30)
    log_entry(b12, rural_staff, quantity=12, happened_on=dt.date(2024, 6, 1))
    client.force_login(rural_staff)
    b12_row = row(client.get(URL).content.decode(), "B12")
    assert "<strong>42</strong>" in b12_row
    assert "baseline 900" in b12_row


def test_the_persian_page_uses_jalali_dates_and_persian_digits(client, rural_staff, commitment, log_entry):
    with time_machine.travel(dt.datetime(2024, 3, 20, 8, 0, tzinfo=dt.UTC), tick=False):
        log_entry(commitment("B5"), rural_staff, percent_complete=40)
    client.force_login(rural_staff)
    html = client.get("/a/qazvin-ikrc-rural-1397/commitments/").content.decode()
    assert "۱۴۰۳/۰۱/۰۱" in html
    assert "۴۰٪" in html


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("owner=joint", ["J1"]),
        ("owner=ikrc-qazvin", ["A1", "A2", "A3", "A4", "M1"]),
        ("q=B1", ["B1", "B10", "B11", "B12", "B13", "B14"]),
        ("q=زکات", ["B3", "B4", "B5", "B9"]),
        ("q=زكات", ["B3", "B4", "B5", "B9"]),  # typed with an Arabic kaf
        ("q=b۵", ["B5"]),  # Persian digit, lower case
        ("status=completed", []),
        ("status=nonsense", None),  # ignored: the whole list
    ],
)
def test_filters_and_search(client, rural_staff, agreement, query, expected):
    client.force_login(rural_staff)
    response = client.get(f"{URL}?{query}")
    assert response.status_code == 200
    if expected is None:
        assert len(numbers(response)) == agreement.commitments.count()
    else:
        assert sorted(numbers(response)) == sorted(expected)


def test_overdue_and_stale_filters(client, rural_staff, commitment, log_entry):
    b1 = commitment("B1")
    b1.due_on = dt.date(2020, 1, 1)
    b1.save()
    log_entry(commitment("B2"), rural_staff)
    client.force_login(rural_staff)
    assert numbers(client.get(f"{URL}?overdue=1")) == ["B1"]
    stale = numbers(client.get(f"{URL}?stale=1"))
    assert "B2" not in stale and "B1" in stale


def test_markers_show_on_overdue_and_stale_rows(client, rural_staff, commitment):
    b1 = commitment("B1")
    b1.due_on = dt.date(2020, 1, 1)
    b1.save()
    client.force_login(rural_staff)
    b1_row = row(client.get(f"{URL}?q=B1&owner=rural-affairs-qazvin").content.decode(), "B1")
    assert "badge-overdue" in b1_row and "badge-stale" in b1_row


def test_an_empty_result_says_so(client, rural_staff):
    client.force_login(rural_staff)
    assert "No commitment matches these filters." in client.get(f"{URL}?q=nothing-like-this").content.decode()


def test_the_list_offers_its_own_filtered_export(client, rural_staff, agreement):
    client.force_login(rural_staff)
    html = client.get(f"/en/a/{agreement.reference}/commitments/", {"status": "at_risk"}).content.decode()
    assert f"/en/a/{agreement.reference}/export/commitments/?status=at_risk&amp;format=xlsx" in html
