"""Issue 17 point 6: a draft minutes PDF is built by a background job with a job page (building /
ready / failed, try again), never laid out inside a reader's request."""

import subprocess

import pytest
from django_tasks_db.models import DBTaskResult

import agreement.pdf
import committee.pdf
from committee.models import MinutesDraftJob
from committee.services import approve_minutes, write_minutes
from jobs.worker import fail_jobs
from tests.jobs.test_worker import BASE_DIR, WORKER, bring_back, database_url_for_worker, worker_env
from tests.reports.conftest import needs_poppler, pdf_text

R = "qazvin-ikrc-rural-1397"
SIX_READERS = ["rural_staff", "rural_viewer", "relief_staff", "monitor", "relief_member", "rural_member"]


@pytest.fixture
def database_backend(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default", "reports"]}}


@pytest.fixture
def minutes(held_meeting, relief_member, rural_member, relief, rural):
    written = write_minutes(meeting=held_meeting, text="جلسه با حضور نمایندگان دو دستگاه برگزار شد.", by=relief_member)
    approve_minutes(minutes=written, party=relief, by=relief_member)
    approve_minutes(minutes=written, party=rural, by=rural_member)
    return written


@pytest.fixture
def renders(monkeypatch):
    """How many PDFs were laid out (a counting wrapper around the one renderer; it still renders)."""
    calls = []
    real = agreement.pdf.html_to_pdf

    def counting(*args, **kwargs):
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(committee.pdf, "html_to_pdf", counting)
    return calls


def _draft_url(minutes, language="fa"):
    return f"/en/a/{R}/committee/{minutes.meeting_id}/minutes/{minutes.pk}/{language}/draft/"


def test_six_readers_asking_at_once_lay_out_nothing_and_share_one_job(
    client, request, minutes, database_backend, renders, django_assert_max_num_queries
):
    pages = set()
    for persona in SIX_READERS:
        client.force_login(request.getfixturevalue(persona))
        response = client.post(_draft_url(minutes))
        assert response.status_code == 302
        pages.add(response["Location"])
    assert renders == []  # no PDF laid out in any request
    job = MinutesDraftJob.objects.get()
    assert (job.state, job.language, job.minutes_id) == ("queued", "fa", minutes.pk)
    assert pages == {f"/en/a/{R}/committee/{minutes.meeting_id}/minutes/{minutes.pk}/drafts/{job.pk}/"}
    assert DBTaskResult.objects.filter(task_path="committee.tasks.build_minutes_draft", status="READY").count() == 1
    with django_assert_max_num_queries(14):
        page = client.get(pages.pop())
    html = page.content.decode()
    assert "The draft is being built." in html and 'http-equiv="refresh"' in html
    # The health check is not queued behind any PDF, and says what waits.
    health = client.get("/healthz")
    assert health.status_code == 200 and health.content.decode().splitlines()[0] == "ok"
    # The old draft address no longer lays one out: it leads to the meeting's page.
    old = client.get(f"/en/a/{R}/committee/{minutes.meeting_id}/minutes/{minutes.pk}/fa.pdf")
    assert old.status_code == 302 and renders == []


def test_a_draft_asked_for_in_english_is_a_job_of_its_own(client, rural_staff, minutes, database_backend, renders):
    client.force_login(rural_staff)
    client.post(_draft_url(minutes, "fa"))
    client.post(_draft_url(minutes, "en"))
    assert sorted(MinutesDraftJob.objects.values_list("language", flat=True)) == ["en", "fa"]
    assert renders == []


@needs_poppler
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_builds_the_draft_and_its_page_says_ready(
    client, rural_viewer, minutes, database_backend, tmp_path
):
    client.force_login(rural_viewer)
    page_url = client.post(_draft_url(minutes))["Location"]
    url = database_url_for_worker(tmp_path)
    worker = subprocess.run(WORKER, cwd=BASE_DIR, env=worker_env(url), capture_output=True, text=True, timeout=180)
    bring_back(url)
    assert worker.returncode == 0, worker.stderr
    job = MinutesDraftJob.objects.get()
    assert job.state == "done" and job.draft
    html = client.get(page_url).content.decode()
    assert "The draft is ready." in html and 'http-equiv="refresh"' not in html
    pdf = client.get(page_url + "draft.pdf")
    assert pdf["Content-Type"] == "application/pdf"
    text = pdf_text(b"".join(pdf.streaming_content) if pdf.streaming else pdf.content)
    assert "DRAFT" in text or "پیش‌نویس".replace("\u200c", "") in text
    assert "نمایندگان دو دستگاه" in text


def test_a_draft_whose_worker_died_says_try_again_and_the_retry_is_a_new_job(
    client, rural_staff, minutes, database_backend, renders
):
    client.force_login(rural_staff)
    page_url = client.post(_draft_url(minutes))["Location"]
    task = DBTaskResult.objects.get(task_path="committee.tasks.build_minutes_draft")
    task.claim("gone-worker")
    MinutesDraftJob.objects.update(state="rendering")
    assert fail_jobs([task.pk], "its worker gone-worker stopped (no heartbeat for 60 s)") == 1
    html = client.get(page_url).content.decode()
    assert "stopped before it finished. Try again." in html
    assert 'http-equiv="refresh"' not in html
    again = client.post(_draft_url(minutes))
    assert again["Location"] != page_url
    assert list(MinutesDraftJob.objects.order_by("pk").values_list("state", flat=True)) == ["failed", "queued"]
    assert renders == []


@pytest.mark.parametrize("persona", ["anonymous", "outsider", *SIX_READERS, "committee_member", "superuser"])
def test_who_may_ask_for_and_see_a_draft(client, request, minutes, database_backend, persona):
    if persona != "anonymous":
        client.force_login(request.getfixturevalue(persona))
    asker = request.getfixturevalue("monitor")
    job = MinutesDraftJob.objects.create(minutes=minutes, language="fa", requested_by=asker)
    page = f"/en/a/{R}/committee/{minutes.meeting_id}/minutes/{minutes.pk}/drafts/{job.pk}/"
    responses = [client.post(_draft_url(minutes)), client.get(page), client.get(page + "draft.pdf")]
    codes = [response.status_code for response in responses]
    if persona == "anonymous":
        assert codes == [302, 302, 302] and all("/accounts/login/" in r["Location"] for r in responses)
    elif persona == "outsider":
        assert codes == [404, 404, 404]
    else:
        assert codes == [302, 200, 404]  # joins the queued job; no PDF until it is built
    assert MinutesDraftJob.objects.count() == 1
    assert client.get(_draft_url(minutes)).status_code in (302, 405)  # asking is a POST


def test_a_job_of_other_minutes_is_not_found_under_these(client, rural_staff, minutes, held_meeting, relief_member):
    other = MinutesDraftJob.objects.create(minutes=minutes, language="fa", requested_by=relief_member)
    client.force_login(rural_staff)
    elsewhere = f"/en/a/{R}/committee/{held_meeting.pk}/minutes/{minutes.pk + 99}/drafts/{other.pk}/"
    assert client.get(elsewhere).status_code == 404
