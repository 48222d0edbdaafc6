"""Progress data for dashboard tests: a few real entries through the services, or many at once."""

import datetime as dt

import pytest
from django.utils import timezone

from monitoring.models import Evaluation
from obligations.models import ProgressEntry
from tests.factories import decide, make_entry

DASHBOARD = "/a/qazvin-ikrc-rural-1397/dashboard/"
ENTRIES = "/a/qazvin-ikrc-rural-1397/entries/"


@pytest.fixture
def log(rural_staff, relief_staff):
    """log("B5", percent=40, status="in_progress", happened_on=date, author=...) -> entry."""

    def make(number, *, percent=None, status="in_progress", happened_on=None, author=None, county=None, agreement=None):
        from obligations.models import Commitment

        commitment = Commitment.objects.get(number=number)
        if author is None:
            author = relief_staff if commitment.owner and commitment.owner.code == "ikrc-qazvin" else rural_staff
        return make_entry(
            commitment,
            author,
            happened_on=happened_on or timezone.localdate() - dt.timedelta(days=3),
            reported_status=status,
            percent_complete=percent,
            narrative="کار انجام شد",
            county=county,
        )

    return make


@pytest.fixture
def review(monitor):
    def review_as_monitor(entry, decision="accepted", comment=""):
        return decide(entry, monitor, decision, comment)

    return review_as_monitor


@pytest.fixture
def evaluate(monitor):
    def rate(commitment, year, quarter, rating, assessment="ارزیابی"):
        return Evaluation.objects.create(
            commitment=commitment,
            year=year,
            quarter=quarter,
            rating=rating,
            assessment=assessment,
            evaluated_by=monitor,
        )

    return rate


@pytest.fixture
def many_entries(agreement, rural_staff, relief_staff, monitor):
    """make(n): n entries spread over every commitment, county, quarter and review state (bulk, no history)."""

    def make(count):
        commitments = list(agreement.commitments.select_related("owner"))
        counties = list(agreement.counties.all())
        today = timezone.localdate()
        states = ["submitted", "accepted", "returned"]
        rows = []
        for index in range(count):
            commitment = commitments[index % len(commitments)]
            author = relief_staff if commitment.owner and commitment.owner.code == "ikrc-qazvin" else rural_staff
            state = states[index % 3]
            reviewed = {"reviewed_by": monitor, "reviewed_at": timezone.now()} if state != "submitted" else {}
            rows.append(
                ProgressEntry(
                    commitment=commitment,
                    author=author,
                    party=author.membership.party,
                    happened_on=today - dt.timedelta(days=index % 700),
                    reported_status="in_progress",
                    percent_complete=index % 101,
                    narrative="گزارش",
                    county=counties[index % len(counties)],
                    review_state=state,
                    review_comment="اصلاح شود" if state == "returned" else "",
                    **reviewed,
                )
            )
        ProgressEntry.objects.bulk_create(rows, batch_size=1000)
        agreement.commitments.all().rebuild_progress()  # bulk_create skips the services that keep them

    return make
