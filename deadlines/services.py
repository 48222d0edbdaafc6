"""The daily walk of every ladder: which step each open commitment has reached, fired once."""

import datetime as dt

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils import timezone

from agreement.models import Agreement, Membership
from committee.models import Meeting
from committee.services import add_agenda_item
from deadlines.models import Escalation, Ladder, Step
from notifications.models import Kind
from notifications.services import notify, site_path
from obligations.models import Commitment, Status

Role = Membership.Role
# The agenda item's title, as the committee's secretariat writes it (stored as typed).
AGENDA_TITLE = "پیگیری تعهد معوق"


def _people(party_ids, roles):
    return (
        get_user_model()
        .objects.filter(is_active=True, membership__party_id__in=party_ids, membership__role__in=roles)
        .values_list("pk", flat=True)
    )


def recipients_of(step: str, commitment: Commitment, agreement: Agreement) -> list[int]:
    """Who a step tells: the owning party (every party for a joint one), then both parties and the monitor."""
    parties = agreement.party_ids()
    owners = parties if commitment.owner_id is None else {commitment.owner_id}
    if step == Step.DUE_SOON:
        return list(_people(owners, [Role.STAFF]))
    if step == Step.OVERDUE:
        return list(_people(owners, [Role.FOCAL_POINT]))
    monitoring = agreement.monitoring_party
    focal = set(_people(parties, [Role.FOCAL_POINT]))
    monitors = set(_people({monitoring.pk}, [Role.MONITOR])) if monitoring is not None else set()
    return sorted(focal | monitors)


def next_meeting(agreement: Agreement, now: dt.datetime) -> Meeting | None:
    return (
        Meeting.objects.filter(agreement=agreement, state=Meeting.State.DRAFT, starts_at__gte=now)
        .order_by("starts_at")
        .first()
    )


def _open_with_due_dates(agreement: Agreement):
    return (
        Commitment.all_kinds.filter(agreement=agreement, due_on__isnull=False)
        .exclude(status=Status.COMPLETED)
        .select_related("owner")
    )


def fire_step(*, commitment: Commitment, agreement: Agreement, step: str, today: dt.date, now: dt.datetime) -> bool:
    """Fire one step once, in one transaction with its log row; False if it had fired (or must wait
    for a meeting to be planned)."""
    due_on = commitment.due_on
    assert due_on is not None
    with transaction.atomic():
        log = Escalation(commitment=commitment, due_on=due_on, step=step, fired_on=today)
        meeting = next_meeting(agreement, now) if step == Step.AGENDA else None
        if step == Step.AGENDA and meeting is None:
            return False  # tried again each day until a meeting is planned
        try:
            with transaction.atomic():
                log.save()
        except IntegrityError:
            return False  # fired before: the log's unique constraint holds "exactly once"
        if meeting is not None:
            log.agenda_item = add_agenda_item(
                meeting=meeting, title=f"{AGENDA_TITLE} {commitment.number}", commitments=[commitment], by=None
            )
            log.save(update_fields=["agenda_item"])
            return True
        people = recipients_of(step, commitment, agreement)
        overdue_days = (today - due_on).days
        notify(
            recipients=people,
            kind=Kind.DEADLINE_STEP,
            event_key=f"{Kind.DEADLINE_STEP}:{commitment.pk}:{due_on.isoformat()}:{step}",
            agreement=agreement,
            params={
                "step": step,
                "number": commitment.number,
                "due_on": due_on.isoformat(),
                "days": abs(overdue_days),
            },
            path=site_path("commitment_detail", agreement.reference, commitment.number),
        )
        log.recipients = len(people)
        log.save(update_fields=["recipients"])
    return True


def walk_ladders(*, today: dt.date | None = None) -> int:
    """The daily job's step: each open commitment with a due date gets the step it has reached, once.

    A completed commitment is skipped (its ladder stops); a due date an amendment moved has its
    own ladder, so the old date's steps do not go on.
    """
    today = today or timezone.localdate()
    now = timezone.now()
    fired = 0
    agreements = Agreement.objects.exclude(
        status__in=[Agreement.Status.EXPIRED, Agreement.Status.TERMINATED, Agreement.Status.DISCARDED]
    )
    for agreement in agreements.select_related("escalation_ladder").prefetch_related("signatories__party"):
        ladder = Ladder.of(agreement)
        commitments = _open_with_due_dates(agreement).filter(due_on__lte=today + dt.timedelta(days=ladder.days_before))
        done = set(
            Escalation.objects.filter(commitment__agreement=agreement).values_list("commitment_id", "due_on", "step")
        )
        for commitment in commitments:
            due_on = commitment.due_on
            assert due_on is not None
            step = ladder.step_on(today, due_on)
            if step is None or (commitment.pk, due_on, step) in done:
                continue
            fired += fire_step(commitment=commitment, agreement=agreement, step=step, today=today, now=now)
    return fired
