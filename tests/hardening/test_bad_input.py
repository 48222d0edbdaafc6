"""Bad input never gives a 500: NUL bytes, impossible quarters and dates, fuzzed parameters."""

import sys
import uuid

import pytest
from django.http import QueryDict
from django.urls import URLPattern, URLResolver, get_resolver
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

REFERENCE = "qazvin-ikrc-rural-1397"
# Every GET parameter a page or export reads (obligations/filters.py, dashboard filters, review
# queue, evaluations, reports), plus one nobody reads.
PARAMETERS = [
    "owner", "status", "overdue", "stale", "q", "page", "party", "quarter", "county", "review",
    "commitment", "format", "language", "code", "next", "unknown",
]  # fmt: skip
HOSTILE = [
    "\x00", "a\x00b", "0000-Q1", "9999-Q4", "1403-Q0", "1403-Q5", "-1", "0", "99999999999999999999",
    "0001-01-01", "0001/01/01", "9999/12/31", "' OR 1=1 --", "<script>", "%", "ي", "\u202e", "\ud800"[:0],
    "NaN", "1e309", "Infinity", "[]", "{}", "..", "B5\x00", "x" * 5000,
]  # fmt: skip


def _fill(route: str, values: dict) -> str:
    for name, value in values.items():
        route = route.replace(name, value)
    return route


def _routes():
    """Every URL pattern of the app, with its parameters filled by real values."""

    def walk(patterns, prefix=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, prefix + str(pattern.pattern))
            elif isinstance(pattern, URLPattern):
                yield prefix + str(pattern.pattern)

    for route in walk(get_resolver().url_patterns):
        if route.startswith(("admin/", "en/admin/", "fa/admin/")) or "^" in route:
            continue  # the admin is Django's, and tested by it
        yield route


def _real_url(route, ids):
    route = route.replace("en/", "", 1) if route.startswith("en/") else route
    return "/" + _fill(
        route,
        {
            "<slug:reference>": REFERENCE,
            "<str:number>": "B5",
            "<int:pk>": str(ids["entry"]),
            "<int:entry_pk>": str(ids["entry"]),
            "<str:quarter>": "1403-Q3",
            "<quarter:quarter>": "1403-Q3",
        },
    )


@pytest.fixture
def ids(rural_staff, commitment):
    from obligations.services import record_progress

    entry, _ = record_progress(
        commitment=commitment("B5"),
        author=rural_staff,
        happened_on=__import__("datetime").date(2024, 10, 1),
        reported_status="in_progress",
        narrative="x",
    )
    return {"entry": entry.pk}


@pytest.fixture
def urls(ids):
    return sorted({_real_url(route, ids) for route in _routes() if "<" not in _real_url(route, ids)})


def test_every_route_is_reachable_with_real_values(urls):
    assert len(urls) >= 15


@pytest.mark.parametrize("persona", ["monitor", "rural_staff"])
def test_a_nul_byte_in_any_parameter_of_any_page_is_a_400_with_a_message(client, request, persona, urls):
    client.force_login(request.getfixturevalue(persona))
    for url in urls:
        response = client.get(url, {"q": "a\x00b"})
        assert response.status_code == 400, url
        assert "NUL" in response.content.decode()


def test_a_nul_byte_in_the_address_is_a_400(client, monitor, agreement):
    client.force_login(monitor)
    assert client.get(f"/a/{REFERENCE}/commitments/B5%00/").status_code == 400
    assert client.get("/en/a/%00/dashboard/").status_code == 400


@pytest.mark.parametrize("quarter", ["0000-Q1", "9999-Q4", "0001-Q1"])
def test_out_of_range_quarters_are_refused_with_a_message(client, monitor, agreement, quarter):
    client.force_login(monitor)
    for url in (
        f"/en/a/{REFERENCE}/evaluations/?quarter={quarter}",
        f"/en/a/{REFERENCE}/evaluations/{quarter}/B5/",
        f"/en/a/{REFERENCE}/export/evaluations/?quarter={quarter}",
        f"/en/a/{REFERENCE}/export/entries/?quarter={quarter}",
        f"/en/a/{REFERENCE}/entries/?quarter={quarter}",
        f"/en/a/{REFERENCE}/dashboard/?quarter={quarter}",
        f"/en/a/{REFERENCE}/reports/preview/?quarter={quarter}&language=fa",
    ):
        response = client.get(url)
        # 405 for pages that only take a POST (the report preview is a queued job).
        assert response.status_code in (200, 400, 404, 405), (url, response.status_code)


@pytest.mark.parametrize("typed, language", [("0001-01-01", "en"), ("0001/01/01", "fa"), ("9999/12/29", "fa")])
def test_a_year_one_date_in_the_entry_form_is_a_message_not_a_500(client, rural_staff, agreement, typed, language):
    client.force_login(rural_staff)
    prefix = "" if language == "fa" else "/en"
    response = client.post(
        f"{prefix}/a/{REFERENCE}/commitments/B5/log/",
        {"submission_key": str(uuid.uuid4()), "happened_on": typed, "reported_status": "in_progress", "narrative": "x"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["happened_on"]


@pytest.mark.parametrize("persona", ["monitor", "rural_staff"])
def test_fuzzed_parameters_on_every_page_never_give_a_500(client, request, persona, urls):
    client.force_login(request.getfixturevalue(persona))

    @hypothesis_settings(
        max_examples=100, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck), database=None
    )
    @given(
        url=st.sampled_from(urls),
        params=st.dictionaries(
            st.sampled_from(PARAMETERS), st.one_of(st.sampled_from(HOSTILE), st.text(max_size=30)), max_size=4
        ),
    )
    def check(url, params):
        response = client.get(url, params)
        assert response.status_code < 500, (url, params, response.status_code)

    check()


SWEEP = ["0000-Q1", "9999-Q4", "0001/01/01", "-1", "99999999999999999999", "1e309", "x" * 5000, "\u202eB5"]
# QueryDict's own code and the NUL guard (agreement/errors.py, which looks at every value of every
# request alike and has its own tests above): their reads say nothing about what a page uses.
NOT_THE_PAGE = ("django.utils.datastructures", "django.http.request", "agreement.errors", "copy")


class _ParametersRead(QueryDict):
    """request.GET that notes which parameters the page's own code reads; a read of the whole
    (items, copy, urlencode, ...) counts as reading every parameter."""

    read: set[str] = set()

    def _note(self, key=None):
        caller = sys._getframe(2).f_globals.get("__name__", "")
        if not caller.startswith(NOT_THE_PAGE):
            _ParametersRead.read |= set(PARAMETERS) if key is None else {key}

    def __getitem__(self, key):
        self._note(key)
        return super().__getitem__(key)

    def get(self, key, default=None):
        self._note(key)
        return super().get(key, default)

    def getlist(self, key, default=None):
        self._note(key)
        return super().getlist(key, default)

    def __contains__(self, key):
        self._note(key)
        return super().__contains__(key)


def _reading_everything(method):
    def reads_everything(self, *args, **kwargs):
        self._note()
        return method(self, *args, **kwargs)

    return reads_everything


for _whole in ("items", "lists", "values", "keys", "__iter__", "dict", "urlencode", "copy", "__copy__", "__deepcopy__"):
    setattr(_ParametersRead, _whole, _reading_everything(getattr(QueryDict, _whole)))


def _parameters_read(client, monkeypatch, url) -> set[str]:
    """The parameters the page at `url` reads, seen on one request that carries them all."""
    _ParametersRead.read = set()
    with monkeypatch.context() as patch:
        patch.setattr("django.core.handlers.wsgi.QueryDict", _ParametersRead)
        client.get(url, dict.fromkeys(PARAMETERS, "1"))
    return set(_ParametersRead.read)


def test_the_parameter_probe_sees_what_a_page_reads(client, monitor, monkeypatch, urls):
    """The sweep below trusts the probe: it must see the filters a page reads, and not the NUL
    guard's look at every value."""
    client.force_login(monitor)
    dashboard = f"/a/{REFERENCE}/dashboard/"
    assert _parameters_read(client, monkeypatch, dashboard) == {"party", "status", "quarter", "county"}
    assert _parameters_read(client, monkeypatch, "/accounts/login/") <= {"next"}


def test_every_parameter_of_every_page_with_each_hostile_value_never_gives_a_500(client, monitor, monkeypatch, urls):
    """The systematic half of the fuzz: each page × each parameter it reads × each value (as a monitor).

    A parameter a page never reads cannot change its answer, except through what every request goes
    through alike: `unknown`, which nobody reads, stands for those and is sent to every page."""
    client.force_login(monitor)
    failures, requests = [], 0
    for url in urls:
        for name in sorted(_parameters_read(client, monkeypatch, url) | {"unknown"}):
            for value in SWEEP:
                requests += 1
                status = client.get(url, {name: value}).status_code
                if status >= 500:
                    failures.append((url, name, value[:20], status))
    assert failures == []
    assert requests > len(urls) * len(SWEEP)  # some pages read parameters: the probe is not blind


@pytest.mark.parametrize("quarter", ["0000-Q1", "9999-Q4"])
def test_an_out_of_range_quarter_posted_to_the_report_preview_is_refused(client, monitor, agreement, quarter):
    client.force_login(monitor)
    response = client.post(f"/en/a/{REFERENCE}/reports/preview/", {"quarter": quarter, "language": "fa"})
    assert response.status_code in (200, 400)
