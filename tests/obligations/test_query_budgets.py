"""The commitments page and the commitment page cost the same number of queries whatever the data."""

import datetime as dt

from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from obligations.models import Commitment, Evidence
from obligations.services import review_entry

LIST = "/a/qazvin-ikrc-rural-1397/commitments/"
DETAIL = "/a/qazvin-ikrc-rural-1397/commitments/B5/"
# Session, user (with membership and party), the agreement (list) or the commitment with its
# agreement in one query (detail), the agreement's signatories and counties, the committee's seats
# (the header asks), then the page's own: the commitments (list); the entry count, entries,
# evidence (and thumbnails when there are photos), reviews, the status before the page and the
# history and the amendments that changed its text (detail); and the header's count of unread
# notifications.
LIST_BUDGET = 8
DETAIL_BUDGET = 14


def _queries(client, url) -> int:
    # A first visit refreshes the session's idle stamp if the data took over a minute to build
    # (agreement.signin.REFRESH_SECONDS, under load): that write is not the page's cost.
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def _grow(agreement, author, reviewer, log_entry, per_commitment: int):
    for commitment in Commitment.objects.filter(agreement=agreement):
        for day in range(per_commitment):
            entry = log_entry(
                commitment, author, happened_on=dt.date(2024, 1, 1) + dt.timedelta(days=day), percent_complete=day
            )
            Evidence.objects.create(
                entry=entry,
                file=ContentFile(b"%PDF-1.4", name="e.pdf"),
                original_name=f"e{day}.pdf",
                size=8,
                content_type="application/pdf",
                sha256="0" * 64,
                uploaded_by=author,
                uploaded_at=timezone.now(),
            )
            if day % 2:
                review_entry(entry=entry, reviewer=reviewer, decision="accepted", expected_version=entry.version)


def test_the_commitments_page_costs_the_same_with_one_entry_or_many(
    client, agreement, rural_focal, monitor, commitment, log_entry
):
    client.force_login(rural_focal)
    log_entry(commitment("B5"), rural_focal)
    small = _queries(client, LIST)
    _grow(agreement, rural_focal, monitor, log_entry, per_commitment=6)
    large = _queries(client, LIST)
    assert small == large
    assert large <= LIST_BUDGET


def test_the_commitment_page_costs_the_same_with_one_entry_or_many(
    client, agreement, rural_focal, monitor, commitment, log_entry
):
    client.force_login(monitor)
    log_entry(commitment("B5"), rural_focal)
    small = _queries(client, DETAIL)
    _grow(agreement, rural_focal, monitor, log_entry, per_commitment=8)
    b5 = commitment("B5")
    b5.due_on = dt.date(2030, 1, 1)
    b5.save()  # and a longer history
    large = _queries(client, DETAIL)
    assert small == large
    assert large <= DETAIL_BUDGET


def test_filters_do_not_add_queries(client, rural_focal, agreement, django_assert_max_num_queries):
    client.force_login(rural_focal)
    with django_assert_max_num_queries(LIST_BUDGET):
        client.get(f"{LIST}?owner=joint&status=in_progress&overdue=1&stale=1&q=زکات")


def test_the_commitment_page_with_photos_costs_the_same_and_fetches_thumbnails_with_the_evidence(
    client, rural_focal, commitment, log_entry
):
    from tests.factories import attach_photo

    client.force_login(rural_focal)
    attach_photo(log_entry(commitment("B5"), rural_focal, happened_on=dt.date(2024, 1, 1)))
    small = _queries(client, DETAIL)
    for day in range(2, 12):
        entry = log_entry(commitment("B5"), rural_focal, happened_on=dt.date(2024, 1, day), narrative=f"روز {day}")
        attach_photo(entry, f"عکس {day}.jpg")
        attach_photo(entry, f"نما {day}.jpg")
    large = _queries(client, DETAIL)
    assert client.get(DETAIL).content.decode().count('class="evidence-thumb"') == 21
    assert small == large <= DETAIL_BUDGET


# ---- Writes: the log form and a review decision (issue 21) -------------------------------------
# Counted without SAVEPOINT/RELEASE: the test's own transaction turns the view's BEGIN/COMMIT into
# those, and in production they are no statements of their own.
# GET: session, user (with membership and party: agreement.backends.MemberBackend), the commitment
# with its agreement in one query (agreement.access.admit) and the agreement's signatories and
# counties (the counties listed from them), the committee's seats (the header asks), the unread
# notifications.
# POST: session, user, the commitment with its agreement, the signatories and counties (a county
# checked among them; nobody asks about the committee's seats), the duplicate check; the entry and
# its history row; the commitment's version raised with its row locked and returned, its latest
# counted entry; the quarter's row counted in one upsert: 11 (the goal was 12). A figure that
# changes adds its UPDATE and history row (the first entry's status, below: two more).
# Whether an amendment withdrew the commitment (obligations.services.ENTRY_REFUSALS) is read from
# the commitment's row (Commitment.withdrawn_from), as the term's end is from the agreement's: no
# query unless it applies (it was one on both before). The POST also reads the agreement's newest
# locked quarter with a share lock on its row (monitoring's check in WORK_DATE_REFUSALS, one raw
# statement; the locks themselves only for a date no later than that quarter), so an entry cannot
# land in a quarter a report is locking at that moment: 12.
LOG_FORM_GET_BUDGET = 7
LOG_POST_BUDGET = 12
# Review: session, user, the entry with its commitment and agreement, the signatories and counties;
# the entry locked, written, its history, the review and its history; the commitment's version and
# lock, latest verified entry (and percent), figures and history; the quarter row left read and
# written, the one joined upserted.
REVIEW_POST_BUDGET = 18
LOG = "/en/a/qazvin-ikrc-rural-1397/commitments/{}/log/"


def _statements(call) -> tuple[object, list[str]]:
    with CaptureQueriesContext(connection) as captured:
        response = call()
    sql = [q["sql"] for q in captured.captured_queries]
    return response, [s for s in sql if not s.startswith(("SAVEPOINT", "RELEASE SAVEPOINT"))]


def _log_data(**fields):
    import uuid

    data = {
        "submission_key": str(uuid.uuid4()),
        "happened_on": "2024-08-20",
        "reported_status": "in_progress",
        "percent_complete": "30",
        "narrative": "Visited the village and met the council.",
        "county": "",
        "village": "",
    }
    return {**data, **fields}


def test_the_log_form_and_its_post_cost_the_same_with_one_entry_or_many(
    client, agreement, rural_staff, monitor, commitment, log_entry
):
    client.force_login(rural_staff)
    url = LOG.format("B5")
    client.get(url)
    _, small_get = _statements(lambda: client.get(url))
    response, small_post = _statements(lambda: client.post(url, _log_data()))
    assert response.status_code == 302
    for day in range(30):
        log_entry(commitment("B5"), rural_staff, happened_on=dt.date(2024, 1, 1) + dt.timedelta(days=day))
    _, large_get = _statements(lambda: client.get(url))
    county = agreement.counties.first()
    response, large_post = _statements(lambda: client.post(url, _log_data(county=str(county.pk))))
    assert response.status_code == 302
    assert len(small_get) == len(large_get) <= LOG_FORM_GET_BUDGET, large_get
    assert len(small_post) <= LOG_POST_BUDGET + 2, small_post  # the first entry moves the status
    assert len(large_post) <= LOG_POST_BUDGET, large_post  # the county's choice checked at no cost
    # No statement twice: the figures are read once, by their own small queries, never the whole rule.
    assert not any("SUM(" in s.upper() or "GROUP BY" in s.upper() for s in large_post), large_post
    # The refusal checks read rows already loaded: no amendment, no quarter lock is looked up; the
    # agreement's row is held shared against a report locking the quarter meanwhile.
    assert not any("amendments_" in s or "reports_quarterlock" in s for s in large_get + large_post), large_post
    assert sum(s.endswith("FOR SHARE") for s in large_post) == 1, large_post


def test_a_review_decision_costs_a_fixed_number_of_queries(client, rural_staff, monitor, commitment, log_entry):
    from obligations.models import ProgressEntry

    b5 = commitment("B5")
    for day in range(12):
        log_entry(b5, rural_staff, happened_on=dt.date(2024, 1, 1) + dt.timedelta(days=day))
    client.force_login(monitor)
    entry = ProgressEntry.objects.filter(commitment=b5).order_by("created_at").first()
    url = f"/en/a/qazvin-ikrc-rural-1397/review/{entry.pk}/"
    client.get(url)
    response, statements = _statements(
        lambda: client.post(url, {"decision": "accepted", "comment": "", "version": str(entry.version)})
    )
    assert response.status_code == 302
    assert len(statements) <= REVIEW_POST_BUDGET, statements
    # The commitment read once: by the UPDATE that raises its version and returns it locked.
    reads = [s for s in statements if s.startswith('SELECT "obligations_commitment"') or s.endswith("RETURNING *")]
    assert len(reads) == 1 and reads[0].startswith('UPDATE "obligations_commitment"'), statements
