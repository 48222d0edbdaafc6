"""The every-page checks cover every page: each named URL of the URLconf is in tests/a11y/pages.py,
either as a page (with its persona) or among the URLs that answer something else."""

from django.urls import URLPattern, URLResolver, get_resolver

from tests.a11y.pages import NOT_PAGES, PAGES


def _url_names(patterns, namespace=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace == "admin":
                continue  # Django's own admin, checked by Django
            yield from _url_names(pattern.url_patterns, pattern.namespace or namespace)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}:{pattern.name}" if namespace else pattern.name


def test_every_named_url_is_a_checked_page_or_said_not_to_be_one():
    names = set(_url_names(get_resolver().url_patterns))
    listed = {page.name for page in PAGES} | set(NOT_PAGES)
    assert sorted(names - listed) == [], "add these to PAGES (with a persona) or NOT_PAGES in tests/a11y/pages.py"
    assert sorted(listed - names) == [], "these are listed in tests/a11y/pages.py but no longer exist"


def test_no_url_is_both_a_page_and_not_one():
    assert {page.name for page in PAGES} & set(NOT_PAGES) == set()
