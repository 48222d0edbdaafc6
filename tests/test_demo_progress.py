import io

import pytest
from django.core.management import CommandError, call_command

from monitoring.models import Evaluation
from obligations.models import ProgressEntry, Review


@pytest.mark.parametrize("command", ["seed_demo_progress", "seed_demo_evaluations"])
def test_demo_seeding_refuses_to_run_without_debug(agreement, settings, command):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        call_command(command)


def test_demo_progress_and_evaluations_are_made_once(agreement, settings):
    settings.DEBUG = True
    call_command("seed_demo_people")
    call_command("seed_demo_progress")
    call_command("seed_demo_evaluations")
    counts = (ProgressEntry.objects.count(), Review.objects.count(), Evaluation.objects.count())
    call_command("seed_demo_progress")
    call_command("seed_demo_evaluations")
    assert (ProgressEntry.objects.count(), Review.objects.count(), Evaluation.objects.count()) == counts
    assert counts[0] > 20 and counts[1] > 10
    assert counts[2] == 2 * agreement.commitments.count()
    assert Evaluation.objects.values("year", "quarter").distinct().count() == 2
    assert all(e.evaluated_by.username == "relief-monitor" for e in Evaluation.objects.select_related("evaluated_by"))


def test_stored_figures_agree_with_a_fresh_count_after_every_seed(agreement, settings):
    settings.DEBUG = True
    for command in ["seed_demo_people", "seed_demo_progress", "seed_demo_evaluations", "seed_demo_committee"]:
        call_command(command)
        out = io.StringIO()
        call_command("rebuild_progress", "--check", stdout=out)
        assert "agree with their entries" in out.getvalue(), command
