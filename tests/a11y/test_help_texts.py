"""A form field's help text is tied to its control (aria-describedby), so a screen reader reads it
with the field; and no control points at a description the page does not have."""

import pytest
from django.urls import reverse

from tests.a11y.html import dangling_descriptions, unreferenced_help_texts
from tests.reports.conftest import QUARTER, make_issued


@pytest.fixture
def issued(agreement, monitor):
    return make_issued(agreement, monitor)


def _pages(agreement, issued):
    reference = agreement.reference
    return {
        "verify": reverse("report_verify"),
        "correct": reverse("report_correct", args=[reference, issued.pk]),
        # 1403-Q3 is over and not evaluated: the page asks to acknowledge that, with a help text.
        "issue": reverse("report_issue", args=[reference]) + f"?quarter={QUARTER}&language=en",
        "reports": reverse("report_list", args=[reference]),
        "password": reverse("password_change"),
    }


# (page, what a failed submission sends, or None where the page takes no POST of its own)
CASES = [
    ("verify", {"code": ""}),
    ("correct", {"reason": ""}),
    ("issue", {"quarter": str(QUARTER), "language": "en"}),
    ("reports", None),
    ("password", {"old_password": "wrong"}),
]


@pytest.mark.parametrize("name, sent", CASES, ids=[name for name, _ in CASES])
def test_every_help_text_is_tied_to_its_field_before_and_after_a_refused_submission(
    client, agreement, monitor, issued, name, sent
):
    client.force_login(monitor)
    url = _pages(agreement, issued)[name]
    responses = [client.get(url)] + ([client.post(url, sent)] if sent is not None else [])
    for response in responses:
        html = response.content.decode()
        assert response.status_code in (200, 400), response.status_code
        assert unreferenced_help_texts(html) == []
        assert dangling_descriptions(html) == []


def test_the_issue_page_does_not_mark_the_box_invalid_before_anything_is_sent(client, agreement, monitor):
    client.force_login(monitor)
    response = client.get(
        reverse("report_issue", args=[agreement.reference]), {"quarter": str(QUARTER), "language": "en"}
    )
    html = response.content.decode()
    assert 'id="id_accept_unevaluated"' in html and 'aria-invalid="true"' not in html
    assert 'aria-describedby="id_accept_unevaluated_helptext"' in html
