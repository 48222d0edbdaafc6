import pytest
from django.contrib.staticfiles import finders

from agreement.pdf.static import BASE_URL, ForbiddenResource, resolve_static

FONT = "vendor/vazirmatn/fonts/ttf/Vazirmatn-Regular.ttf"


def test_it_resolves_the_apps_static_files_through_the_finders():
    assert resolve_static(f"{BASE_URL}static/{FONT}") == finders.find(FONT)
    assert resolve_static(f"{BASE_URL}static/css/report-pdf.css").endswith("report-pdf.css")


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "https://example.com/static/css/report-pdf.css",
        f"{BASE_URL}etc/passwd",
        f"{BASE_URL}static/../config/settings.py",
        f"{BASE_URL}static/css/%2e%2e/%2e%2e/manage.py",
        f"{BASE_URL}static/css/missing.css",
        f"{BASE_URL}static/",
        "data:text/css,body{}",
    ],
)
def test_it_refuses_anything_else(url):
    with pytest.raises(ForbiddenResource):
        resolve_static(url)


def test_it_falls_back_to_collected_static_files(settings, tmp_path):
    settings.STATIC_ROOT = tmp_path
    (tmp_path / "only-collected.css").write_text("body {}")
    assert resolve_static(f"{BASE_URL}static/only-collected.css") == str(tmp_path / "only-collected.css")
    with pytest.raises(ForbiddenResource):
        resolve_static(f"{BASE_URL}static/..%2F{tmp_path.name}/only-collected.css")
