"""Issue 18 point 7: no CSRF token in an address. A form that carries the token is posted by every
button it has; the one page that sent it with a GET (the report list's "Issue the report…") now posts
a first look at the confirmation page."""

import re
from pathlib import Path

from reports.models import ReportJob
from tests.reports.conftest import QUARTER

ROOT = Path(__file__).resolve().parents[2]
FORM = re.compile(r"<form\b(?P<attrs>[^>]*)>(?P<body>.*?)</form>", re.S | re.I)


def test_no_template_sends_a_csrf_token_with_a_get():
    found = []
    for path in sorted((ROOT / "templates").rglob("*.html")):
        for form in FORM.finditer(path.read_text(encoding="utf-8")):
            if "csrf_token" not in form["body"]:
                continue
            method = re.search(r'method="(\w+)"', form["attrs"])
            if (method is None or method[1].lower() != "post") or re.search(r'formmethod="get"', form["body"], re.I):
                found.append(str(path.relative_to(ROOT)))
    assert found == []


def test_the_issue_button_posts_a_first_look_that_queues_nothing(client, monitor, agreement):
    client.force_login(monitor)
    page = client.get(f"/en/a/{agreement.reference}/reports/").content.decode()
    assert 'name="step" value="review"' in page and 'formmethod="get"' not in page
    response = client.post(
        f"/en/a/{agreement.reference}/reports/issue/", {"quarter": str(QUARTER), "language": "en", "step": "review"}
    )
    assert response.status_code == 200
    assert "csrfmiddlewaretoken" not in response.wsgi_request.get_full_path()
    html = response.content.decode()
    assert "Issue the report" in html and "errorlist" not in html
    assert not ReportJob.objects.exists()
