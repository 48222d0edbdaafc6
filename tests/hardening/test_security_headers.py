"""Content-Security-Policy, Permissions-Policy and no-store caching on every dynamic response."""

import re
import uuid
from pathlib import Path

import pytest

from tests.obligations import files

ROOT = Path(__file__).resolve().parents[2]
REFERENCE = "qazvin-ikrc-rural-1397"
# Templates that WeasyPrint renders into PDFs (the report and its partials, any *_pdf.html):
# never served as HTML, so the CSP does not apply.
PDF_TEMPLATES = [ROOT / "templates" / "reports" / "report.html", *(ROOT / "templates" / "reports").glob("_*.html")]


def _directives(response) -> dict[str, str]:
    policy = response["Content-Security-Policy"]
    return {part.split()[0]: part for part in (p.strip() for p in policy.split(";")) if part}


def _assert_hardened(response):
    directives = _directives(response)
    assert directives["script-src"] == "script-src 'self'"
    assert directives["style-src"] == "style-src 'self'" and "style-src-attr" not in directives
    assert directives["frame-ancestors"] == "frame-ancestors 'none'"
    assert directives["object-src"] == "object-src 'none'"
    assert "camera=()" in response["Permissions-Policy"]
    assert response["Cache-Control"] == "private, no-store"


def test_the_sign_in_page_is_hardened(client, db):
    _assert_hardened(client.get("/accounts/login/"))


@pytest.mark.parametrize(
    "persona, url",
    [
        ("rural_staff", f"/a/{REFERENCE}/commitments/"),
        ("rural_staff", f"/a/{REFERENCE}/commitments/B5/"),
        ("rural_staff", f"/a/{REFERENCE}/commitments/B5/log/"),
        ("rural_staff", f"/a/{REFERENCE}/dashboard/"),
        ("rural_staff", f"/a/{REFERENCE}/export/commitments/?format=csv"),
        ("rural_staff", f"/a/{REFERENCE}/export/entries/?format=xlsx"),
        ("monitor", f"/en/a/{REFERENCE}/reports/"),
        ("superuser", "/en/admin/"),
    ],
)
def test_signed_in_pages_and_exports_are_hardened_and_never_stored(client, request, persona, url):
    client.force_login(request.getfixturevalue(persona))
    response = client.get(url)
    assert response.status_code == 200
    _assert_hardened(response)


def test_evidence_downloads_are_never_stored(client, rural_staff, agreement):
    client.force_login(rural_staff)
    client.post(
        f"/en/a/{REFERENCE}/commitments/B5/log/",
        {
            "submission_key": str(uuid.uuid4()),
            "happened_on": "2019-01-10",
            "reported_status": "in_progress",
            "narrative": "x",
            "evidence": files.upload("a.pdf", files.PDF),
        },
    )
    from obligations.models import Evidence

    response = client.get(f"/evidence/{Evidence.objects.get().pk}/")
    assert response.status_code == 200
    # The file's own policy is stricter still: nothing it contains may run or load.
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert response["Cache-Control"] == "private, no-store"


def _served_templates():
    for path in sorted((ROOT / "templates").rglob("*.html")):
        # E-mail bodies are read by mail programs, never served by the app.
        if path not in PDF_TEMPLATES and not path.stem.endswith("_pdf") and "email" not in path.parts:
            yield path


@pytest.mark.parametrize("path", list(_served_templates()), ids=lambda p: str(p.relative_to(ROOT / "templates")))
def test_no_served_template_has_inline_script_or_event_handlers(path):
    html = path.read_text(encoding="utf-8")
    for tag in re.findall(r"<script\b[^>]*>", html):
        assert "src=" in tag, f"inline script in {path.name}: {tag}"
    assert not re.search(r"\son[a-z]+\s*=", html), f"event-handler attribute in {path.name}"
    assert "javascript:" not in html
    assert "<style" not in html, f"<style> element in {path.name}"
    assert not re.search(r"\sstyle\s*=", html), f"style attribute in {path.name}: use a class"
