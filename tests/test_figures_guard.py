"""The kept parts' version guard (tests/figures_guard.py) catches an application write that leaves the
version alone, and lets one that raises it in the same transaction pass."""

import pytest
from django.db import connection, transaction

from obligations.models import QuarterFigures
from tests import figures_guard
from tests.factories import make_entry
from tests.figures_guard import FiguresGuard

pytestmark = pytest.mark.django_db


def _watched(action) -> list[str]:
    guard = FiguresGuard(len(connection.atomic_blocks))
    with connection.execute_wrapper(guard), transaction.atomic():
        action()
    return guard.unseen()


def test_a_recount_without_the_version_is_caught_and_one_with_it_passes(commitment, rural_staff):
    b5 = commitment("B5")
    make_entry(b5, rural_staff)
    QuarterFigures.objects.filter(commitment=b5).update(awaiting=7)  # the test's own setup: not watched
    unseen = _watched(lambda: QuarterFigures.objects.replace([b5.pk]))  # application code, no version
    assert len(unseen) == 1 and "obligations_quarterfigures" in unseen[0] and "obligations/models.py" in unseen[0]
    figures_guard.ACTIVE[-1].forget()  # the guard around this test saw the same write: it was on purpose
    QuarterFigures.objects.filter(commitment=b5).update(awaiting=7)
    assert _watched(b5.refresh_progress) == []  # the same recount, with the commitment's version raised
