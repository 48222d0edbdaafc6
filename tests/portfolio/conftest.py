"""Many agreements for the portfolio, an overseer of some of them, and a registrar."""

import datetime as dt

import pytest
from django.contrib.auth.models import Permission

from agreement.models import Agreement, Overseer, Signatory
from obligations.models import Commitment


def make_agreements(count: int, parties, *, start: int = 0) -> list[Agreement]:
    """`count` live agreements between the given parties, each with three commitments (one overdue)."""
    made = []
    for n in range(start, start + count):
        agreement = Agreement.objects.create(
            reference=f"portfolio-{n}",
            title_fa=f"تفاهم‌نامه {n}",
            title_en=f"Memorandum {n}",
            signed_on=dt.date(2024, 1, 1),
            ends_on=dt.date(2026, 1, 1) + dt.timedelta(days=n),
            status=Agreement.Status.IN_FORCE,
        )
        for label, party in zip("AB", parties, strict=True):
            Signatory.objects.create(
                agreement=agreement,
                party=party,
                label=label,
                signatory_name_fa="-",
                signatory_name_en="-",
                signatory_title_fa="-",
                signatory_title_en="-",
                is_monitoring_party=label == "B",
            )
        Commitment.objects.bulk_create(
            [
                Commitment(agreement=agreement, owner=parties[0], number="A1", text_fa="الف", text_en="a"),
                Commitment(agreement=agreement, number="J1", text_fa="ج", text_en="j", due_on=dt.date(2020, 1, 1)),
                Commitment(
                    agreement=agreement,
                    owner=parties[1],
                    number="B1",
                    text_fa="ب",
                    text_en="b",
                    progress_reported=n % 100,
                    progress_verified=(n * 7) % 50,
                ),
            ]
        )
        made.append(agreement)
    return made


@pytest.fixture
def overseer(django_user_model, agreement):
    """The Governorate's planning office: oversees Qazvin only, belongs to no party."""
    user = django_user_model.objects.create_user(username="overseer", password="pw-for-tests-1397")
    Overseer.objects.create(agreement=agreement, user=user)
    return user


@pytest.fixture
def registrar(django_user_model, agreement):
    user = django_user_model.objects.create_user(username="registrar", password="pw-for-tests-1397", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="add_agreement"))
    return user
