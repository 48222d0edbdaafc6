"""Counts read with thousands grouping in Persian («۳٬۹۸۶»), and Django's own validation messages
come out in Persian digits, plural ones included."""

import re
from decimal import Decimal
from pathlib import Path

from django.utils import translation

from notifications.models import Kind, Notification

TEMPLATES = Path(__file__).resolve().parents[1] / "templates"
# Pages and PDFs alike (a 5,000-entry quarter's report counts in thousands too).
COUNT = re.compile(
    r"\b(\w*count|total|logged|accepted|returned|evaluated|unread|awaiting\w*|waited_days|num_pages|quantity"
    r"|withdrawn|evidence|length|commitments|appendix_total)\|pdigits"
)


def test_no_page_shows_a_count_with_ungrouped_digits():
    found = [
        f"{path.relative_to(TEMPLATES)}: {match.group(0)}"
        for path in TEMPLATES.rglob("*.html")
        for match in COUNT.finditer(path.read_text(encoding="utf-8"))
    ]
    assert found == [], "use |pnumber (or |quantity) for counts: it groups thousands"


def test_the_unread_count_in_the_header_is_grouped(client, agreement, rural_staff):
    Notification.objects.bulk_create(
        Notification(recipient=rural_staff, kind=Kind.values[0], event_key=f"e{i}") for i in range(1200)
    )
    client.force_login(rural_staff)
    html = client.get(f"/a/{agreement.reference}/commitments/").content.decode()
    assert 'class="unread-count">۱٬۲۰۰<' in html


def test_a_changed_target_in_the_history_is_grouped(agreement, commitment):
    from agreement.history_diff import shown_value

    target = commitment("B1")._meta.get_field("indicator_target")
    with translation.override("fa"):
        assert shown_value(target, Decimal("3986.00")) == "۳٬۹۸۶"
    with translation.override("en"):
        assert shown_value(target, Decimal("3986.00")) == "3,986"


def test_a_plural_validation_message_is_in_persian_digits_not_a_500(client, agreement, rural_staff):
    client.force_login(rural_staff)
    response = client.post(
        f"/a/{agreement.reference}/commitments/B5/log/",
        {
            "happened_on": "۱۳۹۸/۰۱/۱۵",
            "reported_status": "in_progress",
            "percent_complete": "250",
            "narrative": "x" * 5001,
        },
    )
    html = response.content.decode()
    assert response.status_code in (200, 400)
    assert "۵٬۰۰۰" in html and "۵٬۰۰۱" in html  # at most 5,000 characters (it has 5,001)
    assert "۱۰۰" in html  # at most 100 percent
    assert "%(" not in html


def test_the_same_messages_keep_latin_digits_in_english(client, agreement, rural_staff):
    client.force_login(rural_staff)
    response = client.post(
        f"/en/a/{agreement.reference}/commitments/B5/log/",
        {"happened_on": "2019-03-01", "reported_status": "in_progress", "narrative": "x" * 5001},
    )
    assert "Ensure this value has at most 5000 characters (it has 5001)." in response.content.decode()
