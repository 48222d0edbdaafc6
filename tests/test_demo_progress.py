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


def _figures_agree():
    out = io.StringIO()
    call_command("rebuild_progress", "--check", stdout=out)
    return "agree with their entries" in out.getvalue()


def test_each_seed_is_made_once_and_leaves_figures_that_agree_with_a_fresh_count(agreement, settings):
    """One run of the seeds serves both checks (each seed costs seconds of CPU): after every seed the
    stored figures agree with a fresh count (rebuild_progress --check), and a second run of the
    progress and evaluation seeds adds nothing."""
    settings.DEBUG = True
    for command in ["seed_demo_people", "seed_demo_progress", "seed_demo_evaluations"]:
        call_command(command)
        assert _figures_agree(), command
    counts = (ProgressEntry.objects.count(), Review.objects.count(), Evaluation.objects.count())
    call_command("seed_demo_progress")
    call_command("seed_demo_evaluations")
    assert (ProgressEntry.objects.count(), Review.objects.count(), Evaluation.objects.count()) == counts
    assert counts[0] > 20 and counts[1] > 10
    assert counts[2] == 2 * agreement.commitments.count()
    assert Evaluation.objects.values("year", "quarter").distinct().count() == 2
    assert all(e.evaluated_by.username == "relief-monitor" for e in Evaluation.objects.select_related("evaluated_by"))
    assert _figures_agree(), "the second run"
    call_command("seed_demo_committee")
    assert _figures_agree(), "seed_demo_committee"
