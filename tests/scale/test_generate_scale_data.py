"""manage.py generate_scale_data at a tiny size: the rows it promises, in every state, with true figures."""

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count

from agreement.models import Agreement, CommitteeMember, Membership
from devdata.scale import EVIDENCE_PLACEHOLDER, PASSWORD
from monitoring.models import Evaluation
from obligations.models import Commitment, Evidence, ProgressEntry, Review

pytestmark = pytest.mark.django_db


@pytest.fixture
def generated(settings):
    settings.DEBUG = True
    call_command("generate_scale_data", agreements=2, entries=500, seed=7, commitments=6, years=2, verbosity=0)
    return Agreement.objects.filter(reference__startswith="scale-7-")


def test_it_creates_the_agreements_with_two_parties_counties_and_commitments(generated):
    assert generated.count() == 2
    for agreement in generated:
        assert agreement.signatories.count() == 2
        assert agreement.monitoring_party is not None
        assert agreement.counties.count() == 4
        assert Commitment.objects.filter(agreement=agreement).count() == 6
        assert Commitment.objects.filter(agreement=agreement, owner__isnull=True).count() == 1


def test_it_creates_people_in_every_role_with_committee_seats(generated):
    roles = set(Membership.objects.filter(user__username__startswith="s7-").values_list("role", flat=True))
    assert roles == {"staff", "focal_point", "monitor", "viewer"}
    assert CommitteeMember.objects.filter(agreement__in=generated).count() == 4


def test_it_creates_exactly_the_entries_asked_for_in_every_review_state(generated):
    entries = ProgressEntry.objects.filter(commitment__agreement__in=generated)
    assert entries.count() == 500
    states = dict(entries.filter(withdrawn_at__isnull=True).values_list("review_state").annotate(n=Count("pk")))
    assert set(states) == {"submitted", "accepted", "returned"}
    assert entries.filter(withdrawn_at__isnull=False).exists()


def test_every_reviewed_entry_has_its_decision_and_evidence_points_at_the_placeholder(generated):
    entries = ProgressEntry.objects.filter(commitment__agreement__in=generated)
    reviewed = entries.exclude(review_state="submitted")
    assert Review.objects.filter(entry__in=reviewed).values("entry").distinct().count() == reviewed.count()
    assert set(Review.objects.values_list("decision", flat=True)) >= {"accepted", "returned"}
    assert Evidence.objects.filter(entry__in=entries).exists()
    assert set(Evidence.objects.values_list("file", flat=True)) == {EVIDENCE_PLACEHOLDER}


def test_entries_spread_over_the_years_since_signing(generated):
    for agreement in generated:
        entries = ProgressEntry.objects.filter(commitment__agreement=agreement)
        years = {day.year for day in entries.values_list("happened_on", flat=True)}
        assert len(years) >= 2
        assert min(entries.values_list("happened_on", flat=True)) >= agreement.signed_on


def test_it_evaluates_ended_quarters(generated):
    assert Evaluation.objects.filter(commitment__agreement__in=generated).count() > 10


def test_the_stored_progress_figures_pass_the_check(generated, capsys):
    call_command("rebuild_progress", check=True)
    assert "agree with their entries" in capsys.readouterr().out


def test_a_new_entry_after_generation_gets_the_next_id(generated):
    """The id sequences moved past the ids the generator chose."""
    from tests.factories import make_entry

    commitment = Commitment.objects.filter(agreement__in=generated, owner__isnull=True).first()
    author = Membership.objects.filter(party=commitment.agreement.signatories.first().party, role="staff").first().user
    entry = make_entry(commitment, author)
    assert entry.pk > ProgressEntry.objects.exclude(pk=entry.pk).order_by("-pk").first().pk


def test_a_generated_person_signs_in_and_sees_the_commitments(generated, client):
    agreement = generated.get(reference="scale-7-001")
    # Through the sign-in form, as the load test does (django-axes guards every authenticate()).
    signed_in = client.post("/accounts/login/", {"username": "s7-001-b-staff1", "password": PASSWORD})
    assert signed_in.status_code == 302
    response = client.get(f"/a/{agreement.reference}/commitments/")
    assert response.status_code == 200


def test_it_refuses_a_second_run_with_the_same_seed(generated):
    with pytest.raises(CommandError, match="another --seed"):
        call_command("generate_scale_data", agreements=1, entries=10, seed=7, verbosity=0)


def test_it_refuses_without_debug(settings, db):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("generate_scale_data", agreements=1, entries=10, seed=8, verbosity=0)
