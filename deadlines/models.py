"""Deadlines that escalate: an agreement's ladder of steps, and the log of each step fired.

A step is fired for one commitment (or joint committee decision) and one due date, at most once:
the log's unique constraint is what makes "exactly once" hold however often the daily job runs.
A due date moved by an amendment starts a ladder of its own; the old date's steps stay logged.
"""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from agreement.models import Agreement
from committee.models import AgendaItem
from obligations.models import Commitment


class Step(models.TextChoices):
    DUE_SOON = "due_soon", _("Due soon: the owning party's staff")
    OVERDUE = "overdue", _("Overdue: the owning party's focal point")
    ESCALATED = "escalated", _("Still overdue: both parties' focal points and the monitor")
    AGENDA = "agenda", _("Long overdue: on the next committee meeting's agenda")


class Ladder(models.Model):
    """The days of each step for one agreement; an agreement without one uses the defaults."""

    agreement = models.OneToOneField(Agreement, on_delete=models.CASCADE, related_name="escalation_ladder")
    days_before = models.PositiveSmallIntegerField(_("days before the due date: the staff"), default=14)
    # Days after the due date; 1 is the day the commitment becomes overdue.
    overdue_after = models.PositiveSmallIntegerField(_("days overdue: the focal point"), default=1)
    escalate_after = models.PositiveSmallIntegerField(_("days overdue: both focal points and the monitor"), default=14)
    agenda_after = models.PositiveSmallIntegerField(_("days overdue: the committee's agenda"), default=30)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("escalation ladder")
        verbose_name_plural = _("escalation ladders")
        constraints = [
            models.CheckConstraint(
                condition=Q(overdue_after__gte=1)
                & Q(overdue_after__lt=F("escalate_after"), escalate_after__lt=F("agenda_after")),
                name="ladder_steps_in_order",
            ),
        ]

    def __str__(self):
        return str(self.agreement)

    def clean(self):
        if not (1 <= self.overdue_after < self.escalate_after < self.agenda_after):
            raise ValidationError(_("Each step comes after the one before it."))

    @classmethod
    def of(cls, agreement: Agreement) -> "Ladder":
        """The agreement's ladder, or the defaults (unsaved)."""
        try:
            return agreement.escalation_ladder
        except cls.DoesNotExist:
            return cls(agreement=agreement)

    def day_of(self, step: str, due_on: dt.date) -> dt.date:
        """The day `step` fires for a commitment due on `due_on`."""
        if step == Step.DUE_SOON:
            return due_on - dt.timedelta(days=self.days_before)
        after: dict[str, int] = {
            Step.OVERDUE: self.overdue_after,
            Step.ESCALATED: self.escalate_after,
            Step.AGENDA: self.agenda_after,
        }
        return due_on + dt.timedelta(days=after[step])

    def step_on(self, today: dt.date, due_on: dt.date) -> str | None:
        """The step whose window holds `today`: from its day until the next step's day (so a missed
        day is caught up once, never a burst of every step at once); None before the first, and
        None for "due soon" once the due date has passed."""
        steps = [Step.DUE_SOON, Step.OVERDUE, Step.ESCALATED, Step.AGENDA]
        current = None
        for step in steps:
            if self.day_of(step, due_on) <= today:
                current = step
        if current == Step.DUE_SOON and today > due_on:
            return None
        return current


class Escalation(models.Model):
    """One step fired for one commitment's due date, to whom, and when: the log."""

    commitment = models.ForeignKey(Commitment, on_delete=models.CASCADE, related_name="escalations")
    due_on = models.DateField(_("due date"))
    step = models.CharField(_("step"), max_length=16, choices=Step)
    fired_on = models.DateField(_("fired on"))
    fired_at = models.DateTimeField(_("fired at"), default=timezone.now)
    recipients = models.PositiveIntegerField(_("people told"), default=0)
    agenda_item = models.ForeignKey(AgendaItem, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    # The log is itself the record (and written by a job, not a person): no history of its own.

    class Meta:
        verbose_name = _("escalation step")
        verbose_name_plural = _("escalation steps")
        ordering = ["commitment", "due_on", "fired_on"]
        constraints = [
            models.UniqueConstraint(fields=["commitment", "due_on", "step"], name="escalation_step_once"),
            models.CheckConstraint(
                condition=Q(step__in=["due_soon", "overdue", "escalated", "agenda"]), name="escalation_step_is_known"
            ),
        ]

    def __str__(self):
        return f"{self.commitment_id} · {self.due_on} · {self.step}"
