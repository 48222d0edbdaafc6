"""An issued quarterly report carries the monitoring party's seal (PAdES B-LT), applied by the
issue itself; without a key it is issued unsealed and says so. The throwaway PKI: tests/seal_pki.py."""

import io

from pypdf import PdfReader

from agreement.pdf.seal import seals_in
from reports.issue import issue_report
from tests.reports.conftest import QUARTER, cover_text


def _stored(report) -> bytes:
    with report.pdf.open("rb") as handle:
        return handle.read()


def test_an_issued_report_carries_the_monitors_valid_long_term_seal(sealing, agreement, quarter_data, monitor):
    report = issue_report(
        agreement=agreement, period=QUARTER, language="fa", issued_by=monitor, accept_unevaluated=True
    )
    pdf = _stored(report)
    assert pdf[:8] == b"%PDF-1.7"
    [seal] = seals_in(pdf)
    assert seal.valid and seal.ltv and seal.kind == "certification"
    assert seal.signer == "Relief Committee Qazvin seal" and seal.field == "MonitorSeal"
    assert (seal.coverage, seal.modified_after) == ("ENTIRE_REVISION", "LTA_UPDATES")
    cover = cover_text(pdf)
    assert "مهر الکترونیکی ناظر" in cover and "Relief Committee Qazvin seal" in cover
    assert report.verification_code in cover
    # PDF/A-3a markers, tags, bookmarks and the attached lists survive the seal's revisions.
    reader = PdfReader(io.BytesIO(pdf))
    root = reader.trailer["/Root"]
    xmp = root["/Metadata"].get_object().get_data()
    assert b'pdfaid:part="3"' in xmp and b'pdfaid:conformance="A"' in xmp
    assert root["/MarkInfo"]["/Marked"] and "/StructTreeRoot" in root
    assert len(reader.outline) >= 3
    assert sorted(reader.attachments) == sorted(n for n in reader.attachments if n.endswith((".csv", ".xlsx")))
    assert {name.rsplit(".", 1)[1] for name in reader.attachments} == {"csv", "xlsx"}


def test_the_english_report_names_the_seal_in_english(sealing, agreement, quarter_data, monitor):
    report = issue_report(
        agreement=agreement, period=QUARTER, language="en", issued_by=monitor, accept_unevaluated=True
    )
    cover = cover_text(_stored(report))
    assert "Electronic seal of the monitor" in cover and "Seal holder" in cover


def test_without_a_key_the_report_is_issued_unsealed_and_says_so(settings, agreement, quarter_data, monitor):
    settings.PEYMAN_SEAL_KEYS = {}
    report = issue_report(
        agreement=agreement, period=QUARTER, language="en", issued_by=monitor, accept_unevaluated=True
    )
    pdf = _stored(report)
    assert seals_in(pdf) == []
    assert "Not sealed electronically" in cover_text(pdf)
