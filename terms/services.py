"""Setting and renewing an agreement's term, and the daily watch of every term's end."""

import datetime as dt

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from agreement.history_user import record_history_user
from agreement.models import Agreement, Membership
from committee.services import add_agenda_item
from deadlines.services import next_meeting
from notifications.models import Kind
from notifications.services import notify, site_path
from terms.models import ALERT_DAYS, Term, TermAlert

# The agenda item's title, as the committee's secretariat writes it (stored as typed).
AGENDA_TITLE = "تصمیم‌گیری درباره تمدید تفاهم‌نامه"


def _follow(agreement: Agreement, term: Term, by) -> None:
    """The agreement's end date (and state) follow its current term, with history."""
    fields = ["ends_on"]
    agreement.ends_on = term.ends_on
    if agreement.status == Agreement.Status.EXPIRED and not term.has_ended(timezone.localdate()):
        agreement.status = Agreement.Status.IN_FORCE
        fields.append("status")
    record_history_user(agreement, by)
    agreement.save(update_fields=fields)
    Agreement.objects.figures_changed(agreement.pk)  # its dates and state are on the kept page parts


@transaction.atomic
def set_term(
    *, agreement: Agreement, starts_on: dt.date, ends_on: dt.date, notice_days: int, renews_itself: bool, by
) -> Term:
    """The first term, or the current term's dates and rules corrected (the history keeps what they were)."""
    locked = Agreement.objects.select_for_update().get(pk=agreement.pk)
    term = Term.objects.current_of(locked.pk) or Term(agreement=locked, number=1, created_by=by)
    term.starts_on, term.ends_on, term.notice_days, term.renews_itself = starts_on, ends_on, notice_days, renews_itself
    record_history_user(term, by)
    term.save()
    _follow(locked, term, by)
    return term


@transaction.atomic
def renew(*, agreement: Agreement, ends_on: dt.date, by=None, renews_itself: bool | None = None) -> Term:
    """A renewal: a new term from the day after the current one ends (every earlier term is kept)."""
    locked = Agreement.objects.select_for_update().get(pk=agreement.pk)
    current = Term.objects.current_of(locked.pk)
    if current is None:
        raise ValueError("an agreement with no term has nothing to renew")
    starts_on = current.ends_on + dt.timedelta(days=1)
    if ends_on < starts_on:
        raise ValueError("a new term ends after it starts")
    term = Term(
        agreement=locked,
        number=current.number + 1,
        starts_on=starts_on,
        ends_on=ends_on,
        notice_days=current.notice_days,
        renews_itself=current.renews_itself if renews_itself is None else renews_itself,
        created_by=by,
    )
    record_history_user(term, by)
    term.save()
    _follow(locked, term, by)
    return term


def _told(agreement: Agreement):
    """Both parties' focal points and the joint committee."""
    return (
        get_user_model()
        .objects.filter(is_active=True)
        .filter(
            Q(membership__party_id__in=agreement.party_ids(), membership__role=Membership.Role.FOCAL_POINT)
            | Q(committee_seats__agreement=agreement)
        )
        .distinct()
        .values_list("pk", flat=True)
    )


def _log(term: Term, kind: str, today: dt.date) -> TermAlert | None:
    """The alert's log row, or None if it was fired before (the unique constraint decides)."""
    try:
        with transaction.atomic():
            return TermAlert.objects.create(term=term, kind=kind, fired_on=today)
    except IntegrityError:
        return None


def _tell(term: Term, alert: TermAlert, params: dict) -> None:
    agreement = term.agreement
    people = list(_told(agreement))
    notify(
        recipients=people,
        kind=Kind.TERM_ENDING,
        event_key=f"{Kind.TERM_ENDING}:{term.pk}:{alert.kind}",
        agreement=agreement,
        params={"ends_on": term.ends_on.isoformat(), **params},
        path=site_path("agreement_term", agreement.reference),
    )
    alert.recipients = len(people)
    alert.save(update_fields=["recipients"])


@transaction.atomic
def watch_term(term: Term, *, today: dt.date, now: dt.datetime) -> int:
    """One term's day: the alert it has reached, the renewal item on the next meeting's agenda, or its end."""
    agreement = term.agreement
    acted = 0
    if not term.has_ended(today):
        days_left = term.days_left(today)
        reached = [days for days in ALERT_DAYS if days_left <= days]
        if reached:
            # Only the nearest threshold: a term set up 50 days before its end alerts at 60, not at 90 too.
            alert = _log(term, f"days_{min(reached)}", today)
            if alert is not None:
                _tell(term, alert, {"days": days_left})
                acted += 1
            meeting = next_meeting(agreement, now)
            if meeting is not None and meeting.starts_at.date() <= term.ends_on:
                item = _log(term, TermAlert.Kind.AGENDA, today)
                if item is not None:
                    item.agenda_item = add_agenda_item(meeting=meeting, title=AGENDA_TITLE, by=None)
                    item.save(update_fields=["agenda_item"])
                    acted += 1
        return acted
    if Term.objects.current_of(agreement.pk) != term:
        return 0  # renewed already
    if term.renews_itself:
        alert = _log(term, TermAlert.Kind.RENEWED, today)
        if alert is not None:
            new = renew(agreement=agreement, ends_on=term.ends_on + term.length + dt.timedelta(days=1))
            _tell(new, alert, {"renewed": True})
            return 1
        return 0
    alert = _log(term, TermAlert.Kind.EXPIRED, today)
    if alert is None:
        return 0
    locked = Agreement.objects.select_for_update().get(pk=agreement.pk)
    locked.status = Agreement.Status.EXPIRED
    record_history_user(locked, None)
    locked.save(update_fields=["status"])
    Agreement.objects.figures_changed(locked.pk)
    _tell(term, alert, {"expired": True})
    return 1


def watch_terms(*, today: dt.date | None = None) -> int:
    """The daily job's step: every agreement's current term."""
    today = today or timezone.localdate()
    now = timezone.now()
    acted = 0
    agreements = Agreement.objects.exclude(
        status__in=[Agreement.Status.EXPIRED, Agreement.Status.TERMINATED, Agreement.Status.DISCARDED]
    )
    for agreement in agreements.prefetch_related("signatories__party"):
        term = Term.objects.current_of(agreement.pk)
        if term is not None:
            term.agreement = agreement
            acted += watch_term(term, today=today, now=now)
    return acted
