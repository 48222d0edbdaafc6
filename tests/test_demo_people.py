import pytest
from django.core.management import CommandError, call_command

from agreement.models import Membership
from devdata.people import DEMO_PEOPLE


def test_it_refuses_to_run_without_debug(agreement, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("seed_demo_people")


def test_it_creates_one_person_per_role_and_party_once(agreement, settings, django_user_model):
    settings.DEBUG = True
    call_command("seed_demo_people")
    call_command("seed_demo_people")
    assert django_user_model.objects.count() == len(DEMO_PEOPLE) + 1
    roles = set(Membership.objects.values_list("party__code", "role"))
    assert ("ikrc-qazvin", "monitor") in roles
    assert ("rural-affairs-qazvin", "monitor") not in roles
    assert {("rural-affairs-qazvin", r) for r in ("staff", "focal_point", "viewer")} <= roles


def test_demo_people_have_addresses_at_a_reserved_domain(agreement, settings, django_user_model):
    settings.DEBUG = True
    call_command("seed_demo_people")
    emails = set(django_user_model.objects.values_list("email", flat=True))
    assert "rural-staff@example.org" in emails
    assert all(email.endswith("@example.org") for email in emails)


def test_a_second_run_rewrites_no_account_but_puts_back_a_changed_password(agreement, settings, django_user_model):
    settings.DEBUG = True
    call_command("seed_demo_people")
    history = django_user_model.history.count()
    call_command("seed_demo_people")
    assert django_user_model.history.count() == history  # nothing saved: the passwords were compared, not reset
    staff = django_user_model.objects.get(username="rural-staff")
    assert staff.check_password("peyman-demo-1397")
    staff.set_password("changed-by-someone-1397")
    staff.save()
    call_command("seed_demo_people")
    staff.refresh_from_db()
    assert staff.check_password("peyman-demo-1397")


def test_seed_demo_makes_the_whole_demo_in_one_command_and_names_the_people(agreement, settings, capsys):
    from obligations.models import ProgressEntry

    settings.DEBUG = True
    call_command("seed_demo")
    out = capsys.readouterr().out.strip().splitlines()
    assert out[-1].startswith("Demo people: relief-staff,") and out[-1].endswith("password: peyman-demo-1397")
    assert ProgressEntry.objects.exists()
