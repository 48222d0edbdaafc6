"""Writes that touch several models: each in one transaction, each leaving history under its actor."""

import datetime as dt
from collections.abc import Iterable

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from agreement.history_user import record_history_user
from agreement.models import Agreement
from agreement.persian import to_persian_digits
from committee import notices, sealing
from committee.models import AgendaItem, Decision, Meeting, Minutes, MinutesApproval
from obligations.models import Category, Commitment


class StateError(Exception):
    """The meeting or minutes moved on meanwhile (held, approved, corrected); nothing was written."""


class NotStartedYet(StateError):
    """A meeting cannot be marked held before its start time; nothing was written."""


def _as(obj, user):
    record_history_user(obj, user)
    return obj


@transaction.atomic
def create_meeting(
    *, agreement, starts_at: dt.datetime, place: str, duration_minutes: int = 120, by, follow_up: Iterable = ()
) -> Meeting:
    """A draft meeting numbered next in its Jalali year; chosen open decisions become its first agenda items."""
    # Lock the agreement row so two secretaries creating meetings at once get different numbers.
    type(agreement).objects.select_for_update().filter(pk=agreement.pk).first()
    year = Meeting.jalali_year_of(starts_at)
    meeting = _as(
        Meeting(
            agreement=agreement,
            year=year,
            number=Meeting.next_number(agreement, year),
            starts_at=starts_at,
            duration_minutes=duration_minutes,
            place=place,
            created_by=by,
        ),
        by,
    )
    meeting.save()
    for position, decision in enumerate(follow_up, start=1):
        item = _as(
            AgendaItem(
                meeting=meeting,
                position=position,
                # The generated words in Persian digits; the decision's text as its author typed it.
                title=(
                    to_persian_digits(f"پیگیری مصوبه {decision.position} جلسه {decision.meeting.code}: ")
                    + decision.commitment.text_fa
                )[:500],
                follows_up=decision,
            ),
            by,
        )
        item.save()
        item.commitments.set(decision.linked_commitments.all())
    return meeting


@transaction.atomic
def add_agenda_item(*, meeting: Meeting, title: str, commitments: Iterable = (), by) -> AgendaItem:
    locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if not locked.is_editable:
        raise StateError
    last = locked.agenda_items.aggregate(last=Max("position"))["last"]
    item = _as(AgendaItem(meeting=locked, position=(last or 0) + 1, title=title), by)
    item.save()
    item.commitments.set(commitments)
    return item


@transaction.atomic
def mark_held(*, meeting: Meeting, by) -> Meeting:
    locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if locked.state != Meeting.State.DRAFT:
        raise StateError
    if not locked.has_started:
        raise NotStartedYet
    locked.state = Meeting.State.HELD
    locked.held_at = timezone.now()
    _as(locked, by).save(update_fields=["state", "held_at"])
    return locked


@transaction.atomic
def write_minutes(*, meeting: Meeting, text: str, by) -> Minutes:
    """The first version, or an edit of it while nobody has approved it yet."""
    locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if not locked.is_held or locked.is_approved:
        raise StateError
    current = locked.current_minutes()
    if current is None:
        minutes = _as(Minutes(meeting=locked, version=1, text=text, written_by=by), by)
        minutes.save()
        notices.tell_minutes_to_approve(minutes, by=by)
        return minutes
    if current.is_locked:
        raise StateError
    current.text = text
    _as(current, by).save(update_fields=["text"])
    return current


@transaction.atomic
def correct_minutes(*, meeting: Meeting, text: str, reason: str, by) -> Minutes:
    """A new version naming the one it replaces; it needs every party's approval again."""
    locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
    current = locked.current_minutes()
    if current is None or not current.is_locked:
        raise StateError
    minutes = _as(
        Minutes(
            meeting=locked,
            version=current.version + 1,
            text=text,
            replaces=current,
            correction_reason=reason,
            written_by=by,
        ),
        by,
    )
    minutes.save()
    notices.tell_minutes_to_approve(minutes, by=by)
    if locked.state == Meeting.State.APPROVED:
        locked.state = Meeting.State.HELD
        _as(locked, by).save(update_fields=["state"])
    return minutes


@transaction.atomic
def approve_minutes(*, minutes: Minutes, party, by) -> MinutesApproval:
    """One party's approval; the first issues the minutes' PDF (sealed by that party), each later one
    adds its party's seal to it, and the last marks the meeting's minutes approved."""
    meeting = Meeting.objects.select_for_update().get(pk=minutes.meeting_id)
    current = meeting.current_minutes()
    if current is None or current.pk != minutes.pk or current.approval_for(party) is not None:
        raise StateError
    approval = _as(MinutesApproval(minutes=current, party=party, approved_by=by), by)
    approval.save()
    current = Minutes.objects.prefetch_related("approvals").get(pk=current.pk)
    current.meeting = meeting
    if current.is_approved_by_all():
        meeting.state = Meeting.State.APPROVED
        _as(meeting, by).save(update_fields=["state"])
    # The first approval issues the version (laid out and sealed by a job, after this commit); a
    # later one adds its party's seal to that document.
    sealing.on_approval(minutes=current, approval=approval, by=by)
    return approval


def _decision_notes(meeting: Meeting, position: int) -> tuple[str, str]:

    note_fa = to_persian_digits(f"مصوبه ردیف {position} جلسه {meeting.number} سال {meeting.year} کمیته مشترک")
    note_en = f"Decision {position} of joint committee meeting {meeting.code}"
    return note_fa, note_en


@transaction.atomic
def record_decision(
    *,
    meeting: Meeting,
    text_fa: str,
    text_en: str = "",
    owner=None,
    due_on: dt.date | None = None,
    responsible_person=None,
    linked_commitments: Iterable = (),
    by,
) -> Decision:
    """A decision and the commitment row it is followed up through, numbered year-meeting-row."""
    Agreement.objects.figures_changed(meeting.agreement_id)  # the dashboard counts decisions
    locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if not locked.is_editable:
        raise StateError
    position = (locked.decisions.aggregate(last=Max("position"))["last"] or 0) + 1
    note_fa, note_en = _decision_notes(locked, position)
    commitment = _as(
        Commitment(
            agreement=locked.agreement,
            owner=owner,
            number=Decision.number_for(locked, position),
            position=position,
            text_fa=text_fa,
            text_en=text_en,
            note_fa=note_fa,
            note_en=note_en,
            category=Category.COORDINATION,
            due_on=due_on,
            kind=Commitment.Kind.DECISION,
        ),
        by,
    )
    commitment.save()
    decision = _as(
        Decision(meeting=locked, position=position, commitment=commitment, responsible_person=responsible_person), by
    )
    decision.save()
    decision.linked_commitments.set(linked_commitments)
    notices.tell_decision_assigned(decision, by=by)
    return decision


@transaction.atomic
def update_decision(
    *,
    decision: Decision,
    text_fa: str,
    text_en: str = "",
    owner=None,
    due_on=None,
    responsible_person=None,
    linked_commitments: Iterable = (),
    by,
) -> Decision:
    Agreement.objects.figures_changed(decision.commitment.agreement_id)  # owner and due date are counted
    meeting = Meeting.objects.select_for_update().get(pk=decision.meeting_id)
    if not meeting.is_editable:
        raise StateError
    commitment = Commitment.all_kinds.select_for_update().get(pk=decision.commitment_id)
    commitment.text_fa, commitment.text_en, commitment.owner, commitment.due_on = text_fa, text_en, owner, due_on
    _as(commitment, by).save(update_fields=["text_fa", "text_en", "owner", "due_on"])
    decision.commitment = commitment
    decision.responsible_person = responsible_person
    _as(decision, by).save(update_fields=["responsible_person"])
    decision.linked_commitments.set(linked_commitments)
    notices.tell_decision_assigned(decision, by=by)
    return decision
