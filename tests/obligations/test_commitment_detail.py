import datetime as dt

from django.urls import reverse
from django.utils import translation

from obligations.models import Evidence
from obligations.services import review_entry

URL = "/en/a/qazvin-ikrc-rural-1397/commitments/B5/"


def test_the_url_name_is_the_one_other_pages_link_to(agreement):
    with translation.override("fa"):
        url = reverse("commitment_detail", args=[agreement.reference, "B5"])
    assert url == "/a/qazvin-ikrc-rural-1397/commitments/B5/"


def test_an_unknown_number_is_404(client, rural_staff):
    client.force_login(rural_staff)
    assert client.get("/en/a/qazvin-ikrc-rural-1397/commitments/Z9/").status_code == 404


def test_it_shows_both_texts_and_the_indicator(client, rural_staff, commitment):
    client.force_login(rural_staff)
    html = client.get("/en/a/qazvin-ikrc-rural-1397/commitments/B12/").content.decode()
    b12 = commitment("B12")
    assert b12.text_fa in html and b12.text_en in html
    assert "rural households insured" in html
    assert "Baseline" in html and "900" in html


def test_the_timeline_is_newest_first_with_what_each_entry_says(client, rural_staff, commitment, log_entry):
    b5 = commitment("B5")
    log_entry(b5, rural_staff, happened_on=dt.date(2024, 4, 1), narrative="first visit", percent_complete=10)
    log_entry(
        b5,
        rural_staff,
        happened_on=dt.date(2024, 6, 1),
        narrative="second visit",
        reported_status="at_risk",
        village="کوندج",
        county=b5.agreement.counties.get(code="takestan"),
    )
    client.force_login(rural_staff)
    html = client.get(URL).content.decode()
    assert html.index("second visit") < html.index("first visit")
    assert "In progress → At risk" in html
    assert "Not started → In progress" in html
    assert "Takestan" in html and "کوندج" in html
    assert "By rural-staff" in html


def test_a_returned_entry_shows_the_monitors_comment_and_a_fix_link_to_its_author(
    client, rural_staff, monitor, commitment, log_entry
):
    entry = log_entry(commitment("B5"), rural_staff)
    review_entry(entry=entry, reviewer=monitor, decision="returned", comment="Attach the minutes.", expected_version=1)
    client.force_login(rural_staff)
    html = client.get(URL).content.decode()
    assert "Attach the minutes." in html
    assert "Returned by relief-monitor" in html


def test_only_monitors_may_review_an_entry_from_the_timeline(client, rural_staff, monitor, commitment, log_entry):
    entry = log_entry(commitment("B5"), rural_staff)
    client.force_login(rural_staff)
    timeline = client.get(URL).context["timeline"]
    assert not timeline[0].can_review
    client.force_login(monitor)
    timeline = client.get(URL).context["timeline"]
    assert timeline[0].can_review and timeline[0].pk == entry.pk


def test_the_change_history_says_who_changed_what(client, rural_staff, superuser, commitment):
    b5 = commitment("B5")
    b5.due_on = dt.date(2025, 3, 20)
    b5._history_user = superuser
    b5.save()
    client.force_login(rural_staff)
    response = client.get(URL)
    change = response.context["changes"][0]
    assert change.who == superuser
    assert [(f.label, f.new) for f in change.fields] == [("due date", "2025-03-20")]
    assert "root" in response.content.decode()


def test_a_withdrawn_entry_stays_visible_as_withdrawn(client, rural_staff, commitment, log_entry):
    from obligations.services import withdraw_entry

    entry = log_entry(commitment("B5"), rural_staff, narrative="logged by mistake")
    withdraw_entry(entry=entry, reason="wrong commitment", expected_version=1)
    client.force_login(rural_staff)
    html = client.get(URL).content.decode()
    assert "logged by mistake" in html and "wrong commitment" in html and "badge-withdrawn" in html


def test_evidence_is_listed_with_its_name(client, rural_staff, commitment, log_entry, settings):
    from django.core.files.base import ContentFile
    from django.utils import timezone

    entry = log_entry(commitment("B5"), rural_staff)
    Evidence.objects.create(
        entry=entry,
        file=ContentFile(b"%PDF-1.4", name="x.pdf"),
        original_name="صورتجلسه.pdf",
        size=8,
        content_type="application/pdf",
        sha256="0" * 64,
        uploaded_by=rural_staff,
        uploaded_at=timezone.now(),
    )
    client.force_login(rural_staff)
    assert "صورتجلسه.pdf" in client.get(URL).content.decode()
