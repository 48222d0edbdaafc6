"""An addendum effective on day D rewrites B7 and withdraws B12: every page, report and write
reads the agreement as it stood on the day it asks about."""

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from agreement.jalali import Quarter
from amendments.models import Amendment, wording_as_at
from amendments.services import apply_due_amendments
from obligations.models import ProgressEntry
from obligations.services import EntryRefused, record_progress
from reports.snapshot import build_snapshot
from tests.factories import make_entry

D = dt.date(2025, 6, 22)  # 1 Tir 1404, the first day of Q2 1404
OLD_B7 = "Cooperate in carrying out employment schemes in villages"
NEW_B7 = "Carry out employment schemes in 20 villages"


def at(day: dt.date, hour: int = 10):
    return time_machine.travel(timezone.make_aware(dt.datetime.combine(day, dt.time(hour))), tick=False)


@pytest.fixture
def amended(b7_and_b12):
    """Recorded ten days before D, applied by the daily job on D."""
    with at(D - dt.timedelta(days=10)):
        amendment = b7_and_b12(D)
    assert amendment.is_recorded and amendment.applied_at is None
    with at(D):
        assert apply_due_amendments() == 1
    return Amendment.objects.get(pk=amendment.pk)


def test_recording_waits_for_both_parties(draft, commitment, rural_focal, relief_focal):
    from amendments.models import AmendmentChange
    from amendments.services import add_change, confirm_amendment

    amendment = draft(D)
    add_change(
        amendment=amendment, action=AmendmentChange.Action.WITHDRAW, commitment=commitment("B12"), by=rural_focal
    )
    confirm_amendment(amendment=amendment, party=rural_focal.membership.party, by=rural_focal)
    amendment.refresh_from_db()
    assert amendment.is_draft
    confirm_amendment(amendment=amendment, party=relief_focal.membership.party, by=relief_focal)
    amendment.refresh_from_db()
    assert amendment.is_recorded


def test_the_row_holds_the_text_in_force_only_from_d(b7_and_b12, commitment):
    with at(D - dt.timedelta(days=10)):
        b7_and_b12(D)
    with at(D - dt.timedelta(days=1)):
        assert apply_due_amendments() == 0
        assert commitment("B7").text_en == OLD_B7
    with at(D):
        assert apply_due_amendments() == 1
        assert apply_due_amendments() == 0  # once
    b7 = commitment("B7")
    assert b7.text_en == NEW_B7
    assert b7.history.latest().history_user is None  # the daily job wrote it, not a person


def test_as_at_d_minus_1_shows_the_old_text_and_d_the_new(amended, client, rural_staff, commitment):
    client.force_login(rural_staff)
    before = client.get(f"/en/a/qazvin-ikrc-rural-1397/as-at/?on={(D - dt.timedelta(days=1)).isoformat()}")
    on_d = client.get(f"/en/a/qazvin-ikrc-rural-1397/as-at/?on={D.isoformat()}")
    assert OLD_B7 in before.text and NEW_B7 not in before.text
    assert NEW_B7 in on_d.text and OLD_B7 not in on_d.text
    assert "Withdrawn by addendum 1" in on_d.text and "Withdrawn by" not in before.text
    wording = client.get(
        f"/en/a/qazvin-ikrc-rural-1397/commitments/B7/wording/?on={(D - dt.timedelta(days=1)).isoformat()}"
    )
    assert OLD_B7 in wording.text
    # In Persian, the day is typed in the Jalali calendar with Persian digits.
    persian = client.get("/a/qazvin-ikrc-rural-1397/as-at/?on=۱۴۰۴/۰۳/۳۱")
    assert commitment("B7").text_fa not in persian.text


def test_the_commitment_page_says_amended_by_whom_from_when(amended, client, rural_staff):
    client.force_login(rural_staff)
    page = client.get("/en/a/qazvin-ikrc-rural-1397/commitments/B7/")
    assert NEW_B7 in page.text
    assert f"Amended by addendum 1 from {D.isoformat()}." in page.text
    assert "/en/a/qazvin-ikrc-rural-1397/commitments/B7/wording/" in page.text
    persian = client.get("/a/qazvin-ikrc-rural-1397/commitments/B7/")
    assert "اصلاح‌شده با الحاقیه ۱ از ۱۴۰۴/۰۴/۰۱" in persian.text


def test_a_report_of_a_quarter_before_d_quotes_the_old_text(amended, agreement):
    earlier = build_snapshot(agreement, Quarter(1404, 1), "en", now=timezone.now())
    rows = {row["number"]: row for section in earlier["sections"] for row in section["commitments"]}
    assert rows["B7"]["text"] == OLD_B7
    assert not rows["B12"]["withdrawn"]
    assert earlier["amendments"] == []
    with at(D + dt.timedelta(days=100)):
        current = build_snapshot(agreement, Quarter(1404, 2), "en")
    rows = {row["number"]: row for section in current["sections"] for row in section["commitments"]}
    assert rows["B7"]["text"] == NEW_B7
    assert rows["B12"]["withdrawn"]
    assert [a["number"] for a in current["amendments"]] == [1]
    assert current["amendments"][0]["changes"] == "Modify B7, Withdraw B12"


def test_an_entry_on_b12_after_d_is_refused_with_the_reason(amended, commitment, rural_staff, client):
    b12 = commitment("B12")
    with at(D + dt.timedelta(days=1)):
        with pytest.raises(EntryRefused, match="تعهد B12 با الحاقیه ۱ از ۱۴۰۴/۰۴/۰۱ حذف شده است: بازنگری"):
            make_entry(b12, rural_staff, happened_on=D)
        client.force_login(rural_staff)
        page = client.post(
            "/en/a/qazvin-ikrc-rural-1397/commitments/B12/log/",
            {"happened_on": D.isoformat(), "reported_status": "in_progress", "narrative": "x" * 20},
        )
        assert page.status_code == 409
        assert "Commitment B12 was withdrawn by addendum 1 from 2025-06-22" in page.text
        assert "Commitments revised after the mid-term review" in page.text
        assert not ProgressEntry.objects.filter(commitment=b12).exists()
        # Its neighbour, only rewritten, still takes entries.
        make_entry(commitment("B7"), rural_staff, happened_on=D)


def test_an_entry_on_b12_before_d_is_still_taken(b7_and_b12, commitment, rural_staff):
    with at(D - dt.timedelta(days=10)):
        b7_and_b12(D)
    with at(D - dt.timedelta(days=1)):
        entry, created = record_progress(
            commitment=commitment("B12"),
            author=rural_staff,
            happened_on=D - dt.timedelta(days=2),
            reported_status="in_progress",
            narrative="بیمه ۱۰ خانه",
        )
    assert created


def test_the_wording_keeps_the_identity_through_a_renumbering(draft, commitment, rural_focal, relief_focal):
    from amendments.models import AmendmentChange
    from amendments.services import add_change, confirm_amendment

    b7 = commitment("B7")
    with at(D - dt.timedelta(days=10)):
        amendment = draft(D - dt.timedelta(days=10))
        add_change(
            amendment=amendment,
            action=AmendmentChange.Action.MODIFY,
            commitment=b7,
            values={"number": "B7a"},
            by=rural_focal,
        )
        confirm_amendment(amendment=amendment, party=rural_focal.membership.party, by=rural_focal)
        confirm_amendment(amendment=amendment, party=relief_focal.membership.party, by=relief_focal)
    b7.refresh_from_db()
    assert b7.number == "B7a"
    assert wording_as_at(b7, D - dt.timedelta(days=11)).number == "B7"
    assert b7.history.filter(number="B7").exists()


def test_the_report_of_the_quarter_of_d_lists_the_addendum_in_its_pdf(amended, agreement):
    import io

    from pypdf import PdfReader

    from reports.render import Stamp, render_html, render_pdf

    with at(D + dt.timedelta(days=100)):
        snapshot = build_snapshot(agreement, Quarter(1404, 2), "en")
    html = render_html(snapshot, Stamp())
    assert "Addenda that took effect in the quarter" in html
    assert "Modify B7, Withdraw B12" in html
    pages = PdfReader(io.BytesIO(render_pdf(snapshot, Stamp()))).pages
    text = " ".join(" ".join(page.extract_text() for page in pages).split())  # lines wrapped in the PDF
    assert "Commitments revised after the mid-term review" in text
    assert NEW_B7 in text
