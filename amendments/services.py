"""Drafting, confirming and applying amendments: each write in one transaction, with history."""

import datetime as dt

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from agreement.history_user import record_history_user
from agreement.models import Agreement
from amendments.models import (
    AMENDABLE,
    Amendment,
    AmendmentChange,
    AmendmentConfirmation,
    field_value,
    rebuild_withdrawn_from,
    stored_value,
)
from obligations.models import Commitment


class AmendmentClosed(Exception):
    """The amendment is recorded: it is append-only, nothing of it changes any more."""


def _as(obj, user):
    record_history_user(obj, user)
    return obj


@transaction.atomic
def draft_amendment(
    *, agreement: Agreement, number: int, signed_on: dt.date, effective_on: dt.date, rationale_fa: str,
    rationale_en: str, scan, by,
) -> Amendment:  # fmt: skip
    """A new draft with its signed scan; its changes are added next, then both parties confirm."""
    amendment = _as(
        Amendment(
            agreement=agreement,
            number=number,
            signed_on=signed_on,
            effective_on=effective_on,
            rationale_fa=rationale_fa,
            rationale_en=rationale_en,
            scan_name=scan.name[-200:],
            drafted_by=by,
        ),
        by,
    )
    amendment.scan.save(scan.name, scan, save=False)
    try:
        amendment.save()
    except Exception:
        amendment.scan.storage.delete(amendment.scan.name)
        raise
    return amendment


@transaction.atomic
def add_change(
    *, amendment: Amendment, action: str, by, commitment: Commitment | None = None, values: dict | None = None
) -> AmendmentChange:
    """One change of a draft; the values before are read from the commitment as it stands."""
    locked = Amendment.objects.select_for_update().get(pk=amendment.pk)
    if not locked.is_draft:
        raise AmendmentClosed
    values = {name: value for name, value in (values or {}).items() if name in AMENDABLE}
    before = {}
    if commitment is not None and action == AmendmentChange.Action.MODIFY:
        before = {name: stored_value(commitment, name) for name in values}
        values = {name: value for name, value in values.items() if before[name] != value}
        before = {name: before[name] for name in values}
        if not values:
            raise ValueError("nothing changes")
    last = locked.changes.aggregate(Max("position"))["position__max"] or 0
    change = AmendmentChange(
        amendment=locked,
        position=last + 1,
        action=action,
        commitment=commitment,
        values_before=before,
        values_after=values if action != AmendmentChange.Action.WITHDRAW else {},
    )
    _as(change, by).save()
    return change


@transaction.atomic
def confirm_amendment(*, amendment: Amendment, party, by, today: dt.date | None = None) -> Amendment:
    """A focal point confirms for their party; once every party has, the amendment is recorded and,
    if already in effect, applied."""
    locked = Amendment.objects.select_for_update().get(pk=amendment.pk)
    if not locked.is_draft:
        raise AmendmentClosed
    _as(AmendmentConfirmation(amendment=locked, party=party, confirmed_by=by), by).save()
    confirmed = set(locked.confirmations.values_list("party_id", flat=True))
    if confirmed >= locked.agreement.party_ids():
        _as(locked, by)
        locked.state = Amendment.State.RECORDED
        locked.recorded_at = timezone.now()
        locked.save(update_fields=["state", "recorded_at"])
        # The withdrawn commitments' rows say from when, under their row locks (Commitment.withdrawn_from);
        # the agreement's row first, in the house's lock order (a writer holds it shared, then its commitment).
        Agreement.objects.figures_changed(locked.agreement_id)
        withdrawn = locked.changes.filter(action=AmendmentChange.Action.WITHDRAW).values("commitment_id")
        rebuild_withdrawn_from(Commitment.all_kinds.filter(pk__in=withdrawn))
        if locked.effective_on <= (today or timezone.localdate()):
            apply_amendment(amendment=locked, by=by)
    return locked


@transaction.atomic
def apply_amendment(*, amendment: Amendment, by=None) -> Amendment:
    """Write a recorded amendment's changes onto the commitments, in the house's lock order."""
    Agreement.objects.figures_changed(amendment.agreement_id)
    locked = Amendment.objects.select_for_update().get(pk=amendment.pk)
    if not locked.is_recorded or locked.applied_at is not None:
        return locked
    last_position = Commitment.objects.filter(agreement_id=locked.agreement_id).aggregate(Max("position"))
    position = last_position["position__max"] or 0
    for change in locked.changes.order_by("position"):
        if change.action == AmendmentChange.Action.ADD:
            position += 1
            commitment = Commitment(agreement_id=locked.agreement_id, position=position)
            for name, value in change.values_after.items():
                setattr(commitment, name, field_value(name, value))
            _as(commitment, by).save()
            change.commitment = commitment
            _as(change, by).save(update_fields=["commitment"])
        elif change.action == AmendmentChange.Action.MODIFY:
            commitment = Commitment.all_kinds.select_for_update().get(pk=change.commitment_id)
            for name, value in change.values_after.items():
                setattr(commitment, name, field_value(name, value))
            _as(commitment, by).save(update_fields=list(change.values_after))
            # A new target or baseline moves the figures: recomputed under the same lock.
            commitment.refresh_progress(by=by)
    _as(locked, by)
    locked.applied_at = timezone.now()
    locked.save(update_fields=["applied_at"])
    return locked


def apply_due_amendments(*, today: dt.date | None = None) -> int:
    """The daily job's step: amendments whose effective date has come are written onto the commitments."""
    today = today or timezone.localdate()
    due = list(Amendment.objects.due_to_apply(today).order_by("effective_on", "number"))
    for amendment in due:
        apply_amendment(amendment=amendment)
    return len(due)
