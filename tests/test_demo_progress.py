import pytest
from django.core.management import CommandError, call_command

from obligations.models import ProgressEntry, Review
from reports.models import Evaluation


def test_demo_progress_refuses_to_run_without_debug(agreement, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("seed_demo_progress")


def test_demo_progress_and_evaluations_are_made_once(agreement, settings):
    settings.DEBUG = True
    call_command("seed_demo_people")
    call_command("seed_demo_progress")
    counts = (ProgressEntry.objects.count(), Review.objects.count(), Evaluation.objects.count())
    call_command("seed_demo_progress")
    assert (ProgressEntry.objects.count(), Review.objects.count(), Evaluation.objects.count()) == counts
    assert counts[0] > 20 and counts[1] > 10
    assert counts[2] == 2 * agreement.commitments.count()
    assert Evaluation.objects.values("year", "quarter").distinct().count() == 2
    assert all(e.evaluated_by.username == "relief-monitor" for e in Evaluation.objects.select_related("evaluated_by"))
