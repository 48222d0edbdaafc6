"""The demo people: one per role and party, documented in the README."""

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction

from agreement.models import Agreement, CommitteeMember, Membership, Party

DEMO_PASSWORD = "peyman-demo-1397"
# A domain reserved for examples (RFC 2606): mail to the demo people can never reach anyone.
DEMO_EMAIL_DOMAIN = "example.org"
AGREEMENT_REFERENCE = "qazvin-ikrc-rural-1397"
RELIEF = "ikrc-qazvin"
RURAL = "rural-affairs-qazvin"

Role = Membership.Role

# username, first name, last name, party code, role, sits on the joint committee
DEMO_PEOPLE = [
    ("relief-staff", "زهرا", "کریمی", RELIEF, Role.STAFF, False),
    ("relief-focal", "حسین", "رضایی", RELIEF, Role.FOCAL_POINT, False),
    ("relief-monitor", "مریم", "احمدی", RELIEF, Role.MONITOR, False),
    ("relief-viewer", "علی", "محمدی", RELIEF, Role.VIEWER, False),
    ("rural-staff", "رضا", "حسینی", RURAL, Role.STAFF, False),
    ("rural-focal", "فاطمه", "موسوی", RURAL, Role.FOCAL_POINT, False),
    ("rural-viewer", "مهدی", "جعفری", RURAL, Role.VIEWER, False),
    ("committee-relief", "سارا", "نوری", RELIEF, Role.VIEWER, True),
    ("committee-rural", "امیر", "صادقی", RURAL, Role.VIEWER, True),
]


@transaction.atomic
def create_demo_people() -> list[str]:
    """Create or reset the demo accounts; running it twice leaves the same people."""
    User = get_user_model()
    agreement = Agreement.objects.get(reference=AGREEMENT_REFERENCE)
    parties = {party.code: party for party in Party.objects.filter(code__in=[RELIEF, RURAL])}
    created = []
    # One hash for every demo account, with a salt of its own that never changes: a repeat run sees
    # an unchanged password by comparing strings instead of hashing ten times (about 0.3 s each). The
    # password is public anyway; a changed one (or a new hasher) still differs and is put back.
    demo_hash = make_password(DEMO_PASSWORD, salt="peymandemo1397salt")
    for username, first, last, party_code, role, on_committee in DEMO_PEOPLE:
        email = f"{username}@{DEMO_EMAIL_DOMAIN}"
        user, was_created = User.objects.get_or_create(
            username=username, defaults={"first_name": first, "last_name": last, "email": email}
        )
        if was_created or user.password != demo_hash or user.email != email:
            user.password = demo_hash
            user.email = email
            user.save()
        membership = Membership.objects.filter(user=user).first()
        if membership is None:
            Membership.objects.create(user=user, party=parties[party_code], role=role)
        elif (membership.party_id, membership.role) != (parties[party_code].pk, role):
            membership.party, membership.role = parties[party_code], role
            membership.save()
        if on_committee:
            CommitteeMember.objects.get_or_create(agreement=agreement, user=user)
        if was_created:
            created.append(username)
    admin, was_created = User.objects.get_or_create(
        username="admin",
        defaults={
            "is_staff": True,
            "is_superuser": True,
            "first_name": "مدیر",
            "last_name": "سامانه",
            "email": f"admin@{DEMO_EMAIL_DOMAIN}",
        },
    )
    if was_created:
        admin.password = demo_hash
        admin.save()
        created.append("admin")
    return created
