"""Access helpers for commitments, entries and evidence: one lookup per object type.

Each finds the object through the agreements the user may read (404 otherwise) and raises 403
when the user may read it but not do what the view does.
"""

import functools

from django.http import Http404
from django.shortcuts import get_object_or_404

from agreement import permissions
from agreement.access import admit, require
from obligations.models import Commitment, Evidence, ProgressEntry


def get_commitment_for_user(request, reference: str, number: str, *, queryset=None) -> Commitment:
    """The commitment (with its agreement attached) if the user may read the agreement.

    `queryset` lets a page add its annotations (progress, flags) to the same single query, which
    brings the agreement's row too (then admitted with what every page of it reads).
    """
    # Numbers are unique per owner, and in practice across the agreement (A1, B1, J1);
    # ordering makes the pick deterministic should two owners ever share one.
    queryset = _commitments() if queryset is None else queryset.select_related("agreement").order_by("position", "pk")
    commitment = queryset.filter(agreement__reference=reference, number=number).first()
    if commitment is None:
        raise Http404
    admit(request, commitment.agreement)
    return commitment


@functools.cache
def _commitments():
    """The plain lookup's query, built once per process (filtering clones it): the log form's GET
    and POST ask it on every request."""
    return Commitment.all_kinds.select_related("owner", "agreement").order_by("position", "pk")


def get_loggable_commitment_for_user(request, reference: str, number: str) -> Commitment:
    """The commitment if the user may log progress on it: 403 for readers, 404 for outsiders."""
    commitment = get_commitment_for_user(request, reference, number)
    require(permissions.can_log_progress(request.user, commitment))
    return commitment


def get_entry_for_user(request, pk: int) -> ProgressEntry:
    """The entry (commitment and agreement attached, in one query) if the user may read its agreement."""
    entry = get_object_or_404(
        ProgressEntry.objects.select_related("commitment__owner", "commitment__agreement", "author", "party", "county"),
        pk=pk,
    )
    admit(request, entry.commitment.agreement)  # the header's navigation on entry pages too
    return entry


def get_editable_entry_for_user(request, pk: int) -> ProgressEntry:
    entry = get_entry_for_user(request, pk)
    require(permissions.can_edit_entry(request.user, entry))
    return entry


def get_withdrawable_entry_for_user(request, pk: int) -> ProgressEntry:
    entry = get_entry_for_user(request, pk)
    require(permissions.can_withdraw_entry(request.user, entry))
    return entry


def get_evidence_for_user(request, pk: int) -> Evidence:
    """Evidence is readable by everyone who may read its agreement, and nobody else."""
    evidence = get_object_or_404(Evidence.objects.select_related("entry__commitment__agreement"), pk=pk)
    admit(request, evidence.entry.commitment.agreement)
    return evidence
