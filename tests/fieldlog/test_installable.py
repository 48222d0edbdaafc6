"""The installable page: manifest, service worker at the root, under the Content-Security-Policy."""

import json
import re

from django.contrib.staticfiles import finders
from django.templatetags.static import static


def test_the_manifest_is_persian_first_and_standalone(client):
    response = client.get("/manifest.webmanifest")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/manifest+json"
    manifest = json.loads(response.content)
    assert (manifest["lang"], manifest["dir"], manifest["display"]) == ("fa", "rtl", "standalone")
    assert manifest["start_url"] == "/field/" and manifest["scope"] == "/"
    assert {icon["sizes"] for icon in manifest["icons"]} >= {"192x192", "512x512"}
    assert any(icon.get("purpose") == "maskable" for icon in manifest["icons"])
    for icon in manifest["icons"]:
        assert finders.find(icon["src"].removeprefix("/static/")), icon["src"]


def test_the_service_worker_is_served_at_the_root_with_the_right_headers(client):
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert response["Service-Worker-Allowed"] == "/"
    assert response["Cache-Control"] == "private, no-store"  # an update is seen at once
    directives = dict(part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";"))
    assert directives["worker-src"] == "'self'" and directives["manifest-src"] == "'self'"
    assert directives["script-src"] == "'self'"  # still no inline script anywhere


def test_the_worker_precaches_the_static_files_under_their_served_names(client):
    body = client.get("/sw.js").content.decode()
    precache = json.loads(re.search(r"var PRECACHE = (\[.*?\]);", body).group(1))
    assert static("css/peyman.css") in precache and static("js/fieldlog.js") in precache
    assert "/offline.html" in precache  # the notice for any other page, kept at install
    for url in precache:
        if url.startswith("/static/"):
            assert finders.find(url.removeprefix("/static/")), url
    pages = json.loads(re.search(r"var FIELD_PAGES = (\[.*?\]);", body).group(1))
    assert pages == ["/en/field/", "/field/"]


def test_the_worker_changes_when_a_static_name_changes(client, settings, monkeypatch):
    first = client.get("/sw.js").content
    monkeypatch.setattr("fieldlog.views.PRECACHE", ("css/peyman.css",))
    assert client.get("/sw.js").content != first


def test_every_page_links_the_manifest_and_loads_no_inline_script(client, rural_staff):
    client.force_login(rural_staff)
    page = client.get("/field/").content.decode()
    assert '<link rel="manifest" href="/manifest.webmanifest">' in page
    assert not re.search(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)", page)
    assert static("js/fieldlog.js") in page


def test_the_field_page_alone_may_ask_for_the_location(client, rural_staff):
    client.force_login(rural_staff)
    assert "geolocation=(self)" in client.get("/field/")["Permissions-Policy"]
    assert "geolocation=()" in client.get("/en/")["Permissions-Policy"]
    assert "camera=()" in client.get("/field/")["Permissions-Policy"]  # the file input's capture needs no camera API


def test_the_field_page_needs_a_signed_in_person(client):
    response = client.get("/field/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_offline_notice_says_in_both_languages_what_works_offline(client):
    response = client.get("/offline.html")
    page = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="fa" dir="rtl">' in page and 'lang="en" dir="ltr"' in page
    assert static("css/peyman.css") in page and 'href="/field/"' in page and 'href="/en/field/"' in page
