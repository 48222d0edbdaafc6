"""Two app servers over one PostgreSQL and one shared file store behave as one site.

Two real gunicorn instances on two ports (as two machines behind a load balancer would run them),
one background worker that belongs to the second, and one folder both mount as MEDIA_ROOT. A person
signs in on one and goes on on the other, evidence uploaded through one downloads through the other,
and the e-mail job queued by a review on the first is run by the second's worker.

The servers run with DEBUG on only so that they need no collected static files (collectstatic takes
half a minute); sessions, CSRF, files and jobs work the same with it off.
"""

import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests
from django.conf import settings
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django_tasks_db.models import DBTaskResult

from obligations.models import Evidence, ProgressEntry
from tests.jobs.test_worker import WORKER, database_url_for_worker
from tests.obligations import files

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not os.environ.get("DATABASE_URL", "").startswith("postgres"),
        reason="two app servers share one PostgreSQL (run with DATABASE_URL=postgres://...)",
    ),
]

BASE_DIR = Path(settings.BASE_DIR)
REFERENCE = "qazvin-ikrc-rural-1397"
PASSWORD = "two-servers-1397"
SECRET = "one-secret-key-shared-by-every-app-server-" + "k" * 20


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def server_env(media: Path, mail_dir: Path) -> dict:
    env = {
        **os.environ,
        "DEBUG": "true",
        "SECRET_KEY": SECRET,
        "DATABASE_URL": database_url_for_worker(None),
        "MEDIA_ROOT": str(media),
        "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(mail_dir),
        "PEYMAN_SITE_URL": "http://peyman.example",
        "GUNICORN_WORKERS": "1",
    }
    env.pop("PYTEST_XDIST_WORKER", None)
    return env


class AppServer:
    def __init__(self, name: str, env: dict, log_dir: Path):
        self.name, self.port = name, free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = open(log_dir / f"{name}.log", "wb")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "config.wsgi", "-c", "gunicorn.conf.py"],
            cwd=BASE_DIR,
            env={**env, "GUNICORN_BIND": f"127.0.0.1:{self.port}"},
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )

    def wait_until_up(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert self.process.poll() is None, f"{self.name} exited: {Path(self.log.name).read_text()[-2000:]}"
            try:
                if requests.get(f"{self.url}/en/accounts/login/", timeout=15).status_code == 200:
                    return
            except requests.RequestException:
                time.sleep(0.2)
        raise AssertionError(f"{self.name} did not answer in {timeout} s")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.log.close()


@pytest.fixture
def site(tmp_path):
    """Two app servers (a, b) sharing the test database and one media folder."""
    media, mail_dir = tmp_path / "shared-media", tmp_path / "mail"
    media.mkdir()
    mail_dir.mkdir()
    env = server_env(media, mail_dir)
    servers = {name: AppServer(name, env, tmp_path) for name in ("a", "b")}
    try:
        for server in servers.values():
            server.wait_until_up()
        yield {**servers, "env": env, "media": media, "mail": mail_dir}
    finally:
        for server in servers.values():
            server.stop()


def with_password(user):
    """The servers use the production hashers, not the tests' fast one."""
    user.password = PBKDF2PasswordHasher().encode(PASSWORD, PBKDF2PasswordHasher().salt())
    user.save(update_fields=["password"])
    return user


def csrf_token(html: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)


def hidden(html: str, name: str) -> str:
    return re.search(rf'name="{name}" value="([^"]*)"', html).group(1)


def sign_in(browser: requests.Session, server: AppServer, username: str) -> None:
    page = browser.get(f"{server.url}/en/accounts/login/")
    response = browser.post(
        f"{server.url}/en/accounts/login/",
        {"csrfmiddlewaretoken": csrf_token(page.text), "username": username, "password": PASSWORD},
        headers={"Referer": page.url},
        allow_redirects=False,
    )
    assert response.status_code == 302, response.text[:500]


def _entries_on_dashboard(browser, server) -> int:
    page = browser.get(f"{server.url}/en/a/{REFERENCE}/dashboard/").text
    return int(re.search(r'Progress entries</span>\s*<a class="dash-number" href="[^"]*">([\d,]+)</a>', page)[1])


def test_two_app_servers_are_one_site(site, agreement, rural_staff, monitor):
    rural_staff.email = "rural-staff@example.org"
    rural_staff.save(update_fields=["email"])
    with_password(rural_staff)
    with_password(monitor)
    a, b = site["a"], site["b"]

    # Signed in on a, the same browser goes on on b with the same session.
    staff = requests.Session()
    sign_in(staff, a, "rural-staff")
    on_b = staff.get(f"{b.url}/en/a/{REFERENCE}/commitments/", allow_redirects=False)
    assert on_b.status_code == 200
    assert "rural-staff" in on_b.text

    # b keeps its rendered dashboard (agreement.page_cache); what a logs must still show on b at once.
    assert _entries_on_dashboard(staff, b) == 0
    assert _entries_on_dashboard(staff, b) == 0

    # The log form comes from b and is posted, with evidence, to a (its CSRF token and one-time key hold).
    form = staff.get(f"{b.url}/en/a/{REFERENCE}/commitments/B5/log/")
    logged = staff.post(
        f"{a.url}/en/a/{REFERENCE}/commitments/B5/log/",
        data={
            "csrfmiddlewaretoken": csrf_token(form.text),
            "submission_key": hidden(form.text, "submission_key"),
            "happened_on": "2019-01-10",
            "reported_status": "in_progress",
            "narrative": "بازدید میدانی از روستا",
        },
        files={"evidence": ("صورتجلسه شورا.pdf", files.PDF, "application/pdf")},
        headers={"Referer": form.url},
        allow_redirects=False,
    )
    assert logged.status_code == 302, logged.text[:1000]
    assert _entries_on_dashboard(staff, b) == 1
    evidence = Evidence.objects.get()
    assert (site["media"] / evidence.file.name).read_bytes() == files.PDF

    # The monitor downloads it through b.
    reviewer = requests.Session()
    sign_in(reviewer, b, monitor.username)
    download = reviewer.get(f"{b.url}/en/evidence/{evidence.pk}/")
    assert download.status_code == 200
    assert download.content == files.PDF

    # Returned on a: the e-mail job is queued in the shared database, and only b's worker runs jobs.
    entry = ProgressEntry.objects.get()
    review_page = reviewer.get(f"{a.url}/en/a/{REFERENCE}/review/{entry.pk}/")
    returned = reviewer.post(
        f"{a.url}/en/a/{REFERENCE}/review/{entry.pk}/",
        data={
            "csrfmiddlewaretoken": csrf_token(review_page.text),
            "decision": "returned",
            "comment": "عکس بازدید را پیوست کنید.",
            "version": hidden(review_page.text, "version"),
        },
        headers={"Referer": review_page.url},
        allow_redirects=False,
    )
    assert returned.status_code == 302, returned.text[:1000]
    job = DBTaskResult.objects.get(task_path="notifications.tasks.send_notification_emails")
    assert job.status == "READY"  # queued, not run inside the request

    worker = [*WORKER, "--worker-id", "server-b-worker"]
    subprocess.run(worker, cwd=BASE_DIR, env=site["env"], check=True, timeout=120, capture_output=True)
    job.refresh_from_db()
    assert job.status == "SUCCESSFUL", job.traceback
    assert job.worker_ids == ["server-b-worker"]
    mails = [path.read_text() for path in site["mail"].iterdir()]
    assert len(mails) == 1
    assert "rural-staff@example.org" in mails[0]
