"""Fixtures for the PDF reports: a quarter (1403-Q3) with entries in every review state,
evaluations for it and the quarter before, and helpers that read produced PDFs back."""

import contextlib
import datetime as dt
import io
import re
import shutil
import subprocess
import tempfile
from decimal import Decimal

import pytest
import time_machine
from django.core.files.base import ContentFile
from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from agreement.jalali import Quarter
from monitoring.models import Evaluation, Rating
from obligations.models import Commitment, Evidence, ProgressEntry, Review
from tests.factories import decide, make_entry

QUARTER = Quarter(1403, 3)  # 2024-09-22 .. 2024-12-20
# Early in the next quarter: the monitor reports on the quarter that just ended.
NOW = dt.datetime(2025, 1, 10, 9, 0, tzinfo=dt.UTC)
BIDI_AND_ZWNJ = re.compile("[\u200c\u200e\u200f\u202a-\u202e\u2066-\u2069]")

ACCEPTED_NARRATIVE = "نقشه راه روستاهای هدف تهیه شد و به دهیاران ارسال شد"
AWAITING_NARRATIVE = "فهرست خانواده‌های نیازمند در انتظار بررسی ناظر است"
RETURNED_COMMENT = "مستندات کافی نیست"
ASSESSMENT = "پیشرفت خوب در شهرستان‌های هدف، ولی گزارش مالی ناقص است"


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    """Eleven personas per permission test: the production hasher would spend seconds on them."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _frozen_after_the_quarter():
    with time_machine.travel(NOW, tick=False):
        yield


def _log(commitment, author, day, status, percent, narrative="کار انجام شد", county=None, quantity=None):
    return make_entry(
        commitment,
        author,
        happened_on=day,
        reported_status=status,
        percent_complete=percent,
        narrative=narrative,
        county=county,
        quantity=quantity,
    )


def _review(entry, monitor, decision, comment=""):
    return decide(entry, monitor, decision, comment)


def populate_quarter(agreement, *, staff_b, staff_a, monitor) -> dict:
    """The scenario every PDF test reads back; returns the interesting objects by name."""
    number = {c.number: c for c in Commitment.objects.filter(agreement=agreement)}
    county = agreement.counties.first()
    # B1 has a target of 40: its progress is the quantities' sum (8, then 8 + 16) against it.
    number["B1"].indicator_target = Decimal("40")
    number["B1"].save()
    before = _log(number["B1"], staff_b, dt.date(2024, 8, 1), "in_progress", 20, quantity=Decimal(8))
    _review(before, monitor, Review.Decision.ACCEPTED)
    accepted = _log(
        number["B1"], staff_b, dt.date(2024, 10, 15), "in_progress", 60, ACCEPTED_NARRATIVE, county, Decimal(16)
    )
    _review(accepted, monitor, Review.Decision.ACCEPTED)
    Evidence.objects.create(
        entry=accepted,
        file=ContentFile(b"%PDF-1.4 evidence", name="e.pdf"),
        original_name="گزارش-مهر.pdf",
        size=17,
        content_type="application/pdf",
        sha256="a" * 64,
        uploaded_by=staff_b,
        uploaded_at=timezone.now(),
    )
    _review(_log(number["B2"], staff_b, dt.date(2024, 11, 1), "completed", 100), monitor, Review.Decision.ACCEPTED)
    awaiting = _log(number["B3"], staff_b, dt.date(2024, 11, 20), "in_progress", 30, AWAITING_NARRATIVE)
    returned = _log(number["B4"], staff_b, dt.date(2024, 10, 5), "at_risk", 10)
    _review(returned, monitor, Review.Decision.RETURNED, RETURNED_COMMENT)
    _review(_log(number["A1"], staff_a, dt.date(2024, 12, 1), "in_progress", 50), monitor, Review.Decision.ACCEPTED)
    _review(_log(number["J1"], staff_a, dt.date(2024, 10, 2), "in_progress", 40), monitor, Review.Decision.ACCEPTED)
    # After the quarter: must not count in it.
    _log(number["B2"], staff_b, dt.date(2025, 1, 5), "in_progress", 5)
    number["B5"].due_on = dt.date(2024, 10, 1)
    number["B5"].save()
    for commitment, period, rating in [
        (number["B1"], QUARTER.previous(), Rating.WEAK),
        (number["B1"], QUARTER, Rating.PARTLY_MET),
        (number["B2"], QUARTER, Rating.FULLY_MET),
        (number["B3"], QUARTER.previous(), Rating.PARTLY_MET),
        (number["B3"], QUARTER, Rating.WEAK),
    ]:
        Evaluation.objects.create(
            commitment=commitment,
            year=period.year,
            quarter=period.number,
            rating=rating,
            assessment=ASSESSMENT,
            evaluated_by=monitor,
        )
    return {"accepted": accepted, "awaiting": awaiting, "returned": returned, "commitments": number}


@contextlib.contextmanager
def rolled_back_scenario(django_db_blocker):
    """The scenario's agreement for a module-scoped fixture that builds PDFs once: inside a
    transaction rolled back afterwards, at NOW, its evidence file in a media folder of its own
    (the function-scoped MEDIA_ROOT of tests/conftest.py does not reach a module fixture)."""
    with (
        tempfile.TemporaryDirectory() as media,
        override_settings(MEDIA_ROOT=media),
        django_db_blocker.unblock(),
        time_machine.travel(NOW, tick=False),
        transaction.atomic(),
    ):
        yield scenario_agreement()
        transaction.set_rollback(True)


def scenario_agreement():
    """The Qazvin agreement with its three people and the quarter's scenario."""
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    from agreement.models import Agreement, Membership, Party
    from tests.conftest import FIXTURE, REFERENCE

    call_command("load_agreement", FIXTURE, verbosity=0)
    agreement = Agreement.objects.get(reference=REFERENCE)
    people = {}
    for username, code, role in [
        ("b-staff", "rural-affairs-qazvin", Membership.Role.STAFF),
        ("a-staff", "ikrc-qazvin", Membership.Role.STAFF),
        ("monitor", "ikrc-qazvin", Membership.Role.MONITOR),
    ]:
        user = get_user_model().objects.create_user(username=username, password="x" * 12)
        Membership.objects.create(user=user, party=Party.objects.get(code=code), role=role)
        people[username] = user
    populate_quarter(agreement, staff_b=people["b-staff"], staff_a=people["a-staff"], monitor=people["monitor"])
    return agreement


@pytest.fixture
def quarter_data(agreement, rural_staff, relief_staff, monitor):
    return populate_quarter(agreement, staff_b=rural_staff, staff_a=relief_staff, monitor=monitor)


def pdf_text(pdf: bytes) -> str:
    """pdftotext's text (logical order for Persian) without ZWNJ and bidi marks, which it adds or drops."""
    result = subprocess.run(["pdftotext", "-enc", "UTF-8", "-", "-"], input=pdf, capture_output=True, check=True)
    return BIDI_AND_ZWNJ.sub("", result.stdout.decode("utf-8"))


def plain(text: str) -> str:
    return BIDI_AND_ZWNJ.sub("", text)


def squash(text: str) -> str:
    """Without any white space: pdftotext moves spaces around the number runs inside Persian."""
    return re.sub(r"\s+", "", plain(text))


def page_texts(pdf: bytes) -> list[str]:
    from pypdf import PdfReader

    return [page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages]


def cover_text(pdf: bytes) -> str:
    """page_texts(pdf)[0] without extracting every other page's text (pypdf takes ~2 s a report)."""
    from pypdf import PdfReader

    return PdfReader(io.BytesIO(pdf)).pages[0].extract_text() or ""


def page_count(pdf: bytes) -> int:
    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(pdf)).pages)


def pdf_fonts(pdf: bytes) -> list[dict]:
    result = subprocess.run(["pdffonts", "-"], input=pdf, capture_output=True, check=False)
    if result.returncode != 0:  # older poppler cannot read stdin
        import tempfile

        with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
            handle.write(pdf)
            handle.flush()
            result = subprocess.run(["pdffonts", handle.name], capture_output=True, check=True)
    rows = result.stdout.decode().splitlines()[2:]
    fonts = []
    for row in rows:
        parts = row.split()
        # name type... emb sub uni object ID: the last five columns are fixed.
        fonts.append({"name": parts[0], "embedded": parts[-5] == "yes"})
    return fonts


needs_poppler = pytest.mark.skipif(
    not (shutil.which("pdftotext") and shutil.which("pdffonts")), reason="poppler-utils (pdftotext, pdffonts) missing"
)

ENTRY_STATES = ProgressEntry.ReviewState


def make_issued(agreement, user, *, period=QUARTER, language="fa", revision=1, replaces=None, content=None):
    """An issued report row with a stored file, without a render: for tests of access and lookup."""
    from agreement.pdf.issued import new_verification_code
    from reports.issue import store_issued
    from reports.models import report_number_for
    from reports.render import Stamp

    stamp = Stamp(
        draft=False,
        report_number=report_number_for(agreement, period, language, revision),
        verification_code=new_verification_code(),
        revision=revision,
        correction_reason="typo" if replaces else "",
    )
    return store_issued(
        agreement=agreement,
        period=period,
        language=language,
        stamp=stamp,
        replaces=replaces,
        snapshot={"schema": 1},
        pdf=content or f"%PDF-1.7 test {period} {language} {revision}".encode(),
        issued_by=user,
        issued_at=timezone.now(),
    )


# ---- Reading a PDF's structure back (tagged PDF/A) and checking a laid-out WeasyPrint document ----


def pdfa_identification(pdf: bytes) -> tuple[str, str]:
    """(part, conformance) from the XMP metadata, e.g. ("3", "A") for PDF/A-3a."""
    from pypdf import PdfReader

    xmp = PdfReader(io.BytesIO(pdf)).trailer["/Root"]["/Metadata"].get_object().get_data().decode("utf-8")
    part = re.search(r'pdfaid:part(?:="|>)(\d)', xmp)
    conformance = re.search(r'pdfaid:conformance(?:="|>)([A-Za-z])', xmp)
    return (part.group(1) if part else "", conformance.group(1) if conformance else "")


def structure_types(pdf: bytes) -> list[str]:
    """The structure types (/H1, /Table, /P...) of the tag tree, in document order."""
    from pypdf import PdfReader

    root = PdfReader(io.BytesIO(pdf)).trailer["/Root"]
    found = []

    def walk(node):
        node = node.get_object()
        if not hasattr(node, "get"):
            return
        if "/S" in node:
            found.append(str(node["/S"]))
        kids = node.get("/K")
        if kids is None:
            return
        kids = kids.get_object()
        for kid in kids if isinstance(kids, list) else [kids]:
            if hasattr(kid, "get_object") and hasattr(kid.get_object(), "get"):
                walk(kid)

    walk(root["/StructTreeRoot"])
    return found


def assert_tagged_pdfa3a(pdf: bytes, language: str) -> None:
    from pypdf import PdfReader

    root = PdfReader(io.BytesIO(pdf)).trailer["/Root"]
    assert bool(root["/MarkInfo"]["/Marked"])  # a pypdf BooleanObject
    assert "/StructTreeRoot" in root
    assert root["/Lang"] == language
    assert pdfa_identification(pdf) == ("3", "A")
    types = set(structure_types(pdf))
    assert {"/Document", "/H1", "/H2", "/P", "/Table", "/TR", "/TD"} <= types, types


def boxes_of_class(document, css_class: str) -> list:
    """The outermost laid-out box, on each page, of each element carrying `css_class`."""
    found = []
    for page in document.pages:
        seen = set()
        for box in page._page_box.descendants():  # parents before their children
            element = getattr(box, "element", None)
            if element is None or id(element) in seen or box.element_tag.endswith(("::before", "::after")):
                continue
            if css_class in (element.get("class") or "").split():
                seen.add(id(element))
                found.append(box)
    return found


def text_outside_its_cell(document, tolerance: float = 1.0) -> list[str]:
    """Text drawn past the edges of the table cell that holds it (CSS px), page by page."""
    from weasyprint.formatting_structure import boxes

    spilling = []
    for number, page in enumerate(document.pages, start=1):
        for cell in page._page_box.descendants():
            if not isinstance(cell, boxes.TableCellBox):
                continue
            left, right = cell.border_box_x(), cell.border_box_x() + cell.border_width()
            for text in cell.descendants():
                if not isinstance(text, boxes.TextBox) or not text.text.strip():
                    continue
                if text.position_x < left - tolerance or text.position_x + text.width > right + tolerance:
                    spilling.append(f"page {number}: {text.text!r}")
    return spilling
