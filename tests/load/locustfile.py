"""Load test: staff, monitors and committee members of generated agreements, the way a browser uses Peyman.

Not part of `make test`. Needs the generated data (`manage.py generate_scale_data`, every person's
password `peyman-scale`) and a running server; locust comes from requirements-load.txt:

    python3 -m venv /tmp/locust && /tmp/locust/bin/pip install -r requirements-load.txt
    /tmp/locust/bin/locust -f tests/load/locustfile.py --host http://127.0.0.1:8000 \
        --headless --users 20 --spawn-rate 5 --run-time 60s --csv /tmp/peyman-load

Each simulated person signs in once (the sign-in form and its CSRF token, as a browser posts it),
then reads and writes with a few seconds between clicks. Staff read their commitments and a
commitment's timeline and log progress through the real form (its one-time key and today's date
read from the page); monitors read the review queue, the evaluations and the dashboard; committee
members read the dashboard, the commitments and their work list. `Trivial: sign-in page` is the
cheapest rendered page, fetched by everybody: the figures in docs/scale.md are ratios to it.

Environment: PEYMAN_LOAD_SEED (1) and PEYMAN_LOAD_AGREEMENTS (50), as given to generate_scale_data.
"""

import os
import random
import re
import statistics
import time

from locust import HttpUser, between, events, task

SEED = int(os.environ.get("PEYMAN_LOAD_SEED", "1"))
AGREEMENTS = int(os.environ.get("PEYMAN_LOAD_AGREEMENTS", "50"))
PASSWORD = "peyman-scale"
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
SUBMISSION_KEY = re.compile(r'name="submission_key" value="([^"]+)"')
TODAY = re.compile(r'data-jdp-max-date="([^"]+)"')
# Commitments per agreement as generate_scale_data makes them (20): B owes most, A every fourth.
B_NUMBERS = [f"B{n}" for n in range(1, 15)]
A_NUMBERS = [f"A{n}" for n in range(1, 5)]


# Every request's time, for the summary printed at the end (sign-ins left out: they cost a
# password hash each, once per person, and are not what a page's speed is about).
# Only the steady state counts: until the last person has signed in, workers are busy hashing
# passwords (a third of a second of CPU each), which says nothing about the pages.
TIMES: dict[str, list[float]] = {}
ERRORS: list[str] = []
STARTED = time.monotonic()
STEADY = False
SIGNED_IN = 0
PEOPLE = 0


@events.init.add_listener
def _people(environment, **kwargs):
    global PEOPLE
    PEOPLE = environment.parsed_options.num_users if environment.parsed_options else 0


@events.request.add_listener
def _record(name, response_time, exception, **kwargs):
    global STARTED, STEADY, SIGNED_IN
    TIMES.setdefault(name, []).append(response_time)
    if exception is not None:
        ERRORS.append(f"{name}: {exception}")
    if name == "Sign in (POST)":
        SIGNED_IN += 1
        if SIGNED_IN == PEOPLE:  # everybody is in: start counting from here
            TIMES.clear()
            ERRORS.clear()
            STARTED, STEADY = time.monotonic(), True


def _percentiles(values: list[float]) -> tuple[float, float, float]:
    cuts = statistics.quantiles(values, n=100, method="inclusive") if len(values) > 1 else values * 99
    return cuts[49], cuts[94], cuts[98]


@events.quitting.add_listener
def _summary(environment, **kwargs):
    """One line for docs/scale.md: pages per second, p50/p95/p99, errors, and as ratios to the sign-in page."""
    pages = [t for name, values in TIMES.items() if not name.startswith("Sign in") for t in values]
    trivial = TIMES.get("Trivial: sign-in page", [])
    if len(pages) < 2 or len(trivial) < 2:
        return
    if not STEADY:
        print("SUMMARY not printed: the run ended before every person had signed in (raise --run-time)")
        return
    seconds = time.monotonic() - STARTED
    p50, p95, p99 = _percentiles(pages)
    t50, t95, t99 = _percentiles(trivial)
    users = environment.parsed_options.num_users if environment.parsed_options else "?"
    print(
        f"SUMMARY users={users} pages={len(pages)} rps={len(pages) / seconds:.1f} "
        f"p50={p50:.0f}ms p95={p95:.0f}ms p99={p99:.0f}ms errors={len(ERRORS)} | "
        f"trivial p50={t50:.0f}ms p95={t95:.0f}ms p99={t99:.0f}ms | "
        f"ratios p50={p50 / t50:.1f} p95={p95 / t95:.1f} p99={p99 / t99:.1f}"
    )
    for name in sorted(TIMES):
        q = _percentiles(TIMES[name]) if len(TIMES[name]) > 1 else (TIMES[name][0],) * 3
        print(f"  {name:<28} n={len(TIMES[name]):>5}  p50={q[0]:6.0f}  p95={q[1]:6.0f}  p99={q[2]:6.0f} ms")


class Person(HttpUser):
    abstract = True
    wait_time = between(2, 6)  # a person reads a page before the next click
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
            "narrative": "بازدید میدانی انجام شد و گزارش آن ثبت شد (آزمون بار).",
            "village": "زرآباد",
        }
        self.client.post(
            f"/a/{self.reference}/commitments/{number}/log/",
            data=data,
            headers={"Referer": f"{self.host}/a/{self.reference}/commitments/{number}/log/"},
            name="Log progress (POST)",
        )


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
