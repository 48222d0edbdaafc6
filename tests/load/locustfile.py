"""Load test: staff, monitors and committee members of generated agreements, the way a browser uses Peyman.

Not part of `make test`. Needs the generated data (`manage.py generate_scale_data`, every person's
password `peyman-scale`) and a running server; locust comes from requirements-load.txt:

    python3 -m venv /tmp/locust && /tmp/locust/bin/pip install -r requirements-load.txt
    PEYMAN_LOAD_PHOTO=/path/photo.jpg PEYMAN_LOAD_GUNICORN_PID=$(cat gunicorn.pid) PEYMAN_LOAD_DATABASE=peyman_scale \
        /tmp/locust/bin/locust -f tests/load/locustfile.py --host http://127.0.0.1:8000 --headless --only-summary

The run goes in steps of people (the Steps shape: 10, 25, 50, 100), each held for a minute and
measured only once every person of the step has signed in: sign-ins (a password hash each) happen
at the start of each step, unmeasured. Each simulated person signs in once (the sign-in form and its
CSRF token, as a browser posts it), then reads and writes with a pause between clicks. Staff read
their commitments and a commitment's timeline and log progress through the real form (its one-time
key and today's date read from the page; a quarter of the entries with a photo), then see the page
the form sends them to; monitors read the review queue, open an entry and accept it through its
form, and read the evaluations and the dashboard; committee members read the dashboard, the
commitments and their work list. `Trivial: sign-in page` is the cheapest rendered page, fetched by
everybody in the same run: the figures in docs/scale.md are compared with it. At the end of each step
it prints requests/s, entry submissions/s, p50/p95/p99 per page, errors (a POST that does not
redirect is one), the server's CPU (gunicorn's workers and the database's PostgreSQL backends) and
the load average.

Environment: PEYMAN_LOAD_SEED (1) and PEYMAN_LOAD_AGREEMENTS (50), as given to generate_scale_data;
PEYMAN_LOAD_STEPS, PEYMAN_LOAD_STEP_SECONDS, PEYMAN_LOAD_WAIT, PEYMAN_LOAD_PHOTO (a JPEG of about 200 KB),
PEYMAN_LOAD_GUNICORN_PID and PEYMAN_LOAD_DATABASE (for the CPU figure), PEYMAN_LOAD_WRITES_ONLY (below).
"""

import contextlib
import os
import random
import re
import statistics
import time

from locust import HttpUser, LoadTestShape, between, events, task

SEED = int(os.environ.get("PEYMAN_LOAD_SEED", "1"))
AGREEMENTS = int(os.environ.get("PEYMAN_LOAD_AGREEMENTS", "50"))
PASSWORD = "peyman-scale"
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
SUBMISSION_KEY = re.compile(r'name="submission_key" value="([^"]+)"')
TODAY = re.compile(r'data-jdp-max-date="([^"]+)"')
VERSION = re.compile(r'name="version" value="([^"]+)"')
REVIEW_LINK = re.compile(r'href="(/a/[^"]+/review/\d+/)"')
# Commitments per agreement as generate_scale_data makes them (20): B owes most, A every fourth.
B_NUMBERS = [f"B{n}" for n in range(1, 15)]
A_NUMBERS = [f"A{n}" for n in range(1, 5)]


# The run goes in steps of people (PEYMAN_LOAD_STEPS, default 10,25,50,100), each held for
# PEYMAN_LOAD_STEP_SECONDS (60). A step's figures count only once every person of the step has
# signed in (sign-ins cost a password hash each, a third of a second of CPU, once per person, and
# say nothing about the pages), so each step starts with its newcomers signing in, unmeasured.
STEPS = [int(n) for n in os.environ.get("PEYMAN_LOAD_STEPS", "10,25,50,100").split(",")]
STEP_SECONDS = float(os.environ.get("PEYMAN_LOAD_STEP_SECONDS", "60"))
# Seconds a person waits between clicks, "low,high" (2,6: a person reading each page first).
WAIT = [float(n) for n in os.environ.get("PEYMAN_LOAD_WAIT", "2,6").split(",")]
# A JPEG to attach to a quarter of the entries (about 200 KB; none: no photos, said in the summary).
PHOTO_PATH = os.environ.get("PEYMAN_LOAD_PHOTO", "")
PHOTO = open(PHOTO_PATH, "rb").read() if PHOTO_PATH else b""  # noqa: SIM115 (read once, at import)
# The server's processes, for the CPU a step costs: gunicorn's master pid, and the database's name
# (PostgreSQL's backends carry it in their process title).
GUNICORN_PID = int(os.environ.get("PEYMAN_LOAD_GUNICORN_PID", "0"))
DATABASE = os.environ.get("PEYMAN_LOAD_DATABASE", "")
SUBMITTED = "Log progress (POST)"
# PEYMAN_LOAD_WRITES_ONLY=1 (with `Staff` named on the command line): staff only log, form and POST,
# with no page after it: the server CPU a step reports is then the CPU of a submission.
WRITES_ONLY = os.environ.get("PEYMAN_LOAD_WRITES_ONLY", "") == "1"
TRIVIAL = "Trivial: sign-in page"

TIMES: dict[str, list[float]] = {}
ERRORS: list[str] = []
STEADY = False
SIGNED_IN = 0
TARGET = 0
STARTED = 0.0
CPU_AT_START: dict[int, float] = {}
RESULTS: list[str] = []


def _server_cpu() -> dict[int, float]:
    """CPU seconds so far of each gunicorn worker and each PostgreSQL backend of the database."""
    import psutil

    seconds = {}
    processes = []
    if GUNICORN_PID:
        with contextlib.suppress(psutil.NoSuchProcess):
            processes += psutil.Process(GUNICORN_PID).children()
    if DATABASE:
        for process in psutil.process_iter(["cmdline"]):
            title = " ".join(process.info["cmdline"] or [])
            if title.startswith("postgres: ") and f" {DATABASE} " in title:
                processes.append(process)
    for process in processes:
        try:
            times = process.cpu_times()
            seconds[process.pid] = times.user + times.system
        except psutil.NoSuchProcess:
            pass
    return seconds


@events.request.add_listener
def _record(name, response_time, exception, response=None, **kwargs):
    global SIGNED_IN
    if name == "Sign in (POST)":
        SIGNED_IN += 1
        if SIGNED_IN == TARGET:
            _start_counting()
        return
    if not STEADY:
        return
    if name.endswith("(POST)") and exception is None and response is not None and response.status_code != 302:
        exception = f"status {response.status_code}"  # the form came back: nothing was saved
    TIMES.setdefault(name, []).append(response_time)
    if exception is not None:
        ERRORS.append(f"{name}: {exception}")


def _start_counting():
    global STEADY, STARTED, CPU_AT_START
    TIMES.clear()
    ERRORS.clear()
    CPU_AT_START = _server_cpu()
    STARTED, STEADY = time.monotonic(), True


def _percentiles(values: list[float]) -> tuple[float, float, float]:
    cuts = statistics.quantiles(values, n=100, method="inclusive") if len(values) > 1 else values * 99
    return cuts[49], cuts[94], cuts[98]


def _step_summary(users: int) -> None:
    """The step's lines for docs/scale.md: requests/s, submissions/s, per page p50/p95/p99, errors, CPU."""
    global STEADY
    if not STEADY:
        RESULTS.append(f"STEP users={users}: not measured, the step ended before every person had signed in")
        return
    STEADY = False
    seconds = time.monotonic() - STARTED
    cpu_now = _server_cpu()
    # Only processes alive at both ends: a worker replaced after max_requests takes its CPU with it.
    server_cpu = sum(cpu_now[pid] - CPU_AT_START[pid] for pid in cpu_now if pid in CPU_AT_START)
    requests = sum(len(values) for values in TIMES.values())
    submissions = len(TIMES.get(SUBMITTED, [])) - sum(1 for e in ERRORS if e.startswith(SUBMITTED))
    one, five, _fifteen = os.getloadavg()
    lines = [
        f"STEP users={users} seconds={seconds:.0f} requests/s={requests / seconds:.1f} "
        f"submissions/s={submissions / seconds:.2f} errors={len(ERRORS)} "
        f"server CPU={server_cpu:.1f}s ({server_cpu / seconds:.2f} cores; "
        f"{1000 * server_cpu / max(requests, 1):.1f} ms a request) load average {one:.2f} {five:.2f} "
        f"photos={'yes' if PHOTO else 'no'}"
    ]
    for name in sorted(TIMES):
        q = _percentiles(TIMES[name])
        lines.append(f"  {name:<28} n={len(TIMES[name]):>6}  p50={q[0]:6.0f}  p95={q[1]:6.0f}  p99={q[2]:6.0f} ms")
    lines += [f"  error: {e}" for e in sorted(set(ERRORS))[:5]]
    RESULTS.append("\n".join(lines))
    print(RESULTS[-1], flush=True)


class Steps(LoadTestShape):
    """10, 25, 50, 100 people (PEYMAN_LOAD_STEPS), each step measured once everybody is signed in."""

    def __init__(self):
        super().__init__()
        self.step = -1
        self.step_started = 0.0

    def tick(self):
        global TARGET, SIGNED_IN
        now = time.monotonic()
        if self.step >= 0 and STEADY and now - STARTED >= STEP_SECONDS:
            _step_summary(STEPS[self.step])
        if self.step < 0 or (not STEADY and SIGNED_IN >= TARGET):
            self.step += 1
            if self.step == len(STEPS):
                return None
            TARGET = STEPS[self.step]
            SIGNED_IN = self.runner.user_count if self.runner else 0  # those of the last step stay in
            self.step_started = now
            if SIGNED_IN >= TARGET:
                _start_counting()
        if not STEADY and now - self.step_started > 10 * STEP_SECONDS:
            _step_summary(STEPS[self.step])
            return None
        return TARGET, 10


@events.quitting.add_listener
def _summary(environment, **kwargs):
    print("SUMMARY", *RESULTS, sep="\n")


class Person(HttpUser):
    abstract = True
    wait_time = between(*WAIT)  # a person reads a page before the next click
    role = ""
    side = "b"

    def on_start(self):
        self.number = random.randrange(1, AGREEMENTS + 1)
        self.reference = f"scale-{SEED}-{self.number:03d}"
        username = f"s{SEED}-{self.number:03d}-{self.side}-{self.role}"
        page = self.client.get("/accounts/login/", name="Trivial: sign-in page")
        token = CSRF.search(page.text).group(1)
        response = self.client.post(
            "/accounts/login/",
            data={"username": username, "password": PASSWORD, "csrfmiddlewaretoken": token},
            headers={"Referer": f"{self.host}/accounts/login/"},
            name="Sign in (POST)",
        )
        if "/accounts/login/" in response.url:
            raise RuntimeError(f"{username} could not sign in: is the generated data there (seed {SEED})?")

    def page(self, path: str, name: str):
        return self.client.get(f"/a/{self.reference}/{path}", name=name)

    @task(1)
    def sign_in_page(self):
        self.client.get("/accounts/login/", name="Trivial: sign-in page")


class Staff(Person):
    weight = 6
    role = "staff1"
    side = "b"

    @task(4)
    def commitments(self):
        self.page("commitments/", "Commitments list")

    @task(3)
    def commitment(self):
        self.page(f"commitments/{random.choice(B_NUMBERS)}/", "A commitment")

    @task(1)
    def log_progress(self):
        number = random.choice(B_NUMBERS)
        form = self.page(f"commitments/{number}/log/", "Log progress form")
        if form.status_code != 200:
            return
        key, token, today = (SUBMISSION_KEY.search(form.text), CSRF.search(form.text), TODAY.search(form.text))
        data = {
            "csrfmiddlewaretoken": token.group(1),
            "submission_key": key.group(1),
            "happened_on": today.group(1),
            "reported_status": "in_progress",
            "percent_complete": str(random.randrange(0, 100)),
            "quantity": "1",
            # A different text each time: the same entry twice within minutes asks "save it again?".
            "narrative": f"بازدید میدانی انجام شد و گزارش آن ثبت شد (آزمون بار {random.randrange(10**9)}).",
            "village": "زرآباد",
        }
        # A quarter of the entries come with a photo, as field staff send them.
        files = {"evidence": ("site.jpg", PHOTO, "image/jpeg")} if PHOTO and random.random() < 0.25 else None
        saved = self.client.post(
            f"/a/{self.reference}/commitments/{number}/log/",
            data=data,
            files=files,
            headers={"Referer": f"{self.host}/a/{self.reference}/commitments/{number}/log/"},
            name=SUBMITTED,
            allow_redirects=False,  # the POST's own time; the browser's next page is timed on its own
        )
        if saved.status_code == 302 and not WRITES_ONLY:
            self.client.get(saved.headers["Location"], name="A commitment, after logging")


class Monitor(Person):
    weight = 2
    role = "monitor1"
    side = "a"

    @task(3)
    def review_queue(self):
        self.page("review/", "Review queue")

    @task(2)
    def evaluations(self):
        self.page("evaluations/", "Evaluation list")

    @task(2)
    def dashboard(self):
        self.page("dashboard/", "Dashboard")

    @task(1)
    def commitment(self):
        self.page(f"commitments/{random.choice(A_NUMBERS + B_NUMBERS)}/", "A commitment")

    @task(2)
    def review(self):
        """Open the oldest entry awaiting review and accept it, through the page's own form."""
        queue = self.page("review/", "Review queue")
        links = REVIEW_LINK.findall(queue.text) if queue.status_code == 200 else []
        if not links:
            return
        path = random.choice(links[:5])
        entry = self.client.get(path, name="Review an entry")
        token, version = CSRF.search(entry.text), VERSION.search(entry.text)
        if entry.status_code != 200 or not token or not version:
            return
        self.client.post(
            path,
            data={"csrfmiddlewaretoken": token.group(1), "decision": "accepted", "version": version.group(1)},
            headers={"Referer": f"{self.host}{path}"},
            name="Review (POST)",
            allow_redirects=False,
        )


class Committee(Person):
    weight = 2
    role = "committee1"
    side = "b"

    @task(3)
    def dashboard(self):
        self.page("dashboard/", "Dashboard")

    @task(2)
    def commitments(self):
        self.page("commitments/", "Commitments list")

    @task(1)
    def my_work(self):
        self.page("my-work/", "My work")


if WRITES_ONLY:
    Staff.tasks = [Staff.log_progress]
