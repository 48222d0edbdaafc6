"""The sign-in backend: the signed-in person with their membership and party in one query."""

import functools

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.db.models import Exists, OuterRef

from agreement.models import Agreement, CommitteeMember, Signatory


def agreements_of_own_party():
    """A live agreement the person's own party signed (a subquery on the user's row)."""
    return Signatory.objects.filter(party_id=OuterRef("membership__party_id")).exclude(
        agreement__status=Agreement.Status.DRAFT
    )


def own_committee_seats():
    """A seat on the joint committee of a live agreement the person's own party signed (a subquery
    on the user's row): such a member logs its joint commitments."""
    return CommitteeMember.objects.filter(
        user=OuterRef("pk"), agreement__signatories__party_id=OuterRef("membership__party_id")
    ).exclude(agreement__status=Agreement.Status.DRAFT)


class MemberBackend(ModelBackend):
    """ModelBackend whose per-request user lookup brings the membership and its party along.

    Every page asks the rule book (agreement.permissions) about `user.membership` and its party;
    loaded with the user they cost no query of their own on any request (issue 21: the request's
    set-up looked up once). Whether their party signed a live agreement, and whether they sit on the
    joint committee of one, come in the same query: the header's "Field logging" link asks on every
    page (agreement.permissions.can_log_in_field). Who may sign in,
    and how, is ModelBackend's unchanged.
    """

    def get_user(self, user_id):
        user = signed_in_users().filter(pk=user_id).first()
        return user if user is not None and self.user_can_authenticate(user) else None


@functools.cache
def signed_in_users():
    """The query get_user() filters, built once per process: every request asks it, and building
    the two EXISTS subqueries was a fifth of the user's lookup (issue 21). Filtering clones it, so
    the kept query itself is never run nor changed."""
    return (
        get_user_model()
        ._default_manager.select_related("membership__party")
        .annotate(
            party_signs_an_agreement=Exists(agreements_of_own_party()),
            has_own_committee_seat=Exists(own_committee_seats()),
        )
        .order_by("pk")
    )
