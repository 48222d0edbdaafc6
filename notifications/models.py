"""What the app tells people: an inbox of notifications, and how each person wants to hear of them.

This app imports only `agreement`, so that obligations, monitoring and reports can all tell
people things through it (imports point down only).
"""

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from agreement.formatting import reader_date
from agreement.models import Agreement
from agreement.persian import readers_digits, reading_persian


class Kind(models.TextChoices):
    ENTRY_RETURNED = "entry_returned", _("An entry of mine was returned")
    REPORT_ISSUED = "report_issued", _("A quarterly report was issued")
    MONITOR_DIGEST = "monitor_digest", _("Daily digest of entries to review (monitors)")
    FOCAL_DIGEST = "focal_digest", _("Weekly digest of my party's commitments (focal points)")
    MINUTES_TO_APPROVE = "minutes_to_approve", _("Committee minutes awaiting my party's approval")
    DECISION_ASSIGNED = "decision_assigned", _("A joint committee decision assigned to my party")
    DEADLINE_STEP = "deadline_step", _("A commitment's deadline is near or has passed")
    TERM_ENDING = "term_ending", _("An agreement's term is ending or has ended")


class Preference(models.Model):
    """One person's language for mail and which kinds of mail they want; the inbox gets everything."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preference"
    )
    language = models.CharField(_("language of e-mail"), max_length=8, choices=settings.LANGUAGES, default="fa")
    email_entry_returned = models.BooleanField(Kind.ENTRY_RETURNED.label, default=True)
    email_report_issued = models.BooleanField(Kind.REPORT_ISSUED.label, default=True)
    email_monitor_digest = models.BooleanField(Kind.MONITOR_DIGEST.label, default=True)
    email_focal_digest = models.BooleanField(Kind.FOCAL_DIGEST.label, default=True)
    email_minutes_to_approve = models.BooleanField(Kind.MINUTES_TO_APPROVE.label, default=True)
    email_decision_assigned = models.BooleanField(Kind.DECISION_ASSIGNED.label, default=True)
    email_deadline_step = models.BooleanField(Kind.DEADLINE_STEP.label, default=True)
    email_term_ending = models.BooleanField(Kind.TERM_ENDING.label, default=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")
        constraints = [
            models.CheckConstraint(condition=Q(language__in=["fa", "en"]), name="preference_language_is_known"),
        ]

    def __str__(self):
        return str(self.user)

    @classmethod
    def of(cls, user) -> "Preference":
        """The person's preferences, or the defaults (unsaved: reading a page never writes)."""
        try:
            return user.notification_preference
        except cls.DoesNotExist:
            return cls(user=user)

    def wants_email(self, kind: str) -> bool:
        return getattr(self, f"email_{kind}")


class NotificationQuerySet(models.QuerySet):
    def unread(self):
        return self.filter(read_at__isnull=True)

    def mark_read(self) -> int:
        # A notification's read state is the reader's bookkeeping, not an audited fact:
        # one UPDATE for "mark all read" rather than a history row per notification.
        return self.unread().update(read_at=timezone.now())


class Notification(models.Model):
    """Something one person should know; shown in their inbox and, if they want it, e-mailed.

    The text is not stored: `params` holds the facts and `message` words them in the reader's
    language, so one notification reads right in Persian and in English.
    """

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="+", null=True, blank=True)
    kind = models.CharField(_("kind"), max_length=32, choices=Kind)
    params = models.JSONField(default=dict, blank=True)
    # A path in the Persian (unprefixed) URL space; `link(language)` adds the prefix.
    path = models.CharField(max_length=500, blank=True)
    # Names the event (or the digest's period): the same event never reaches a person twice,
    # however often a job or a command is run again.
    event_key = models.CharField(max_length=120)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("e-mailed at"), null=True, blank=True)
    # Notifications are themselves the record of an event and are written by the thousand for
    # digests; the event they point to (entry, review, report) carries the audit history.
    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["recipient", "event_key"], name="notification_once_per_event"),
            models.CheckConstraint(condition=Q(kind__in=Kind.values), name="notification_kind_is_known"),
        ]
        indexes = [
            # The inbox lists one person's notifications, newest first.
            models.Index(fields=["recipient", "-created_at"], name="notification_inbox"),
            # The header's unread count on every page.
            models.Index(fields=["recipient"], condition=Q(read_at__isnull=True), name="notification_unread"),
        ]

    def __str__(self):
        return f"{self.recipient} · {self.kind} · {self.event_key}"

    @property
    def is_read(self) -> bool:
        return self.read_at is not None

    def link(self, language: str) -> str:
        if not self.path:
            return ""
        return f"/{language}{self.path}" if language != settings.LANGUAGE_CODE else self.path

    @property
    def message(self) -> str:
        """One sentence in the active language."""
        p = self.params
        if self.kind == Kind.ENTRY_RETURNED:
            return gettext("Your entry on %(number)s was returned for a fix.") % {"number": p.get("number", "")}
        if self.kind == Kind.REPORT_ISSUED:
            return gettext("Report %(number)s for %(quarter)s was issued.") % {
                "number": p.get("number", ""),
                "quarter": quarter_words(p.get("quarter", "")),
            }
        if self.kind == Kind.MONITOR_DIGEST:
            waiting = ngettext(
                "%(count)s entry awaits your review", "%(count)s entries await your review", p.get("waiting", 0)
            ) % {"count": readers_digits(p.get("waiting", 0))}
            oldest = ngettext(
                "the oldest has waited %(days)s day", "the oldest has waited %(days)s days", p.get("oldest_days", 0)
            ) % {"days": readers_digits(p.get("oldest_days", 0))}
            return gettext("%(waiting)s (%(new)s new, %(resubmitted)s resubmitted); %(oldest)s.") % {
                "waiting": waiting,
                "new": readers_digits(p.get("new", 0)),
                "resubmitted": readers_digits(p.get("resubmitted", 0)),
                "oldest": oldest,
            }
        if self.kind == Kind.FOCAL_DIGEST:
            text = gettext(
                "Your party's commitments: %(overdue)s overdue, %(stale)s stale, %(due)s due in the next 30 days."
            ) % {
                "overdue": readers_digits(p.get("overdue", 0)),
                "stale": readers_digits(p.get("stale", 0)),
                "due": readers_digits(p.get("due_soon", 0)),
            }
            if p.get("decisions_open"):
                text += " " + gettext("Joint committee decisions: %(open)s open, %(overdue)s past their deadline.") % {
                    "open": readers_digits(p["decisions_open"]),
                    "overdue": readers_digits(p.get("decisions_overdue", 0)),
                }
            return text
        if self.kind == Kind.MINUTES_TO_APPROVE:
            if p.get("version", 1) > 1:
                return gettext(
                    "The corrected minutes (version %(version)s) of committee meeting %(meeting)s await your party's"
                    " approval."
                ) % {"meeting": readers_digits(p.get("meeting", "")), "version": readers_digits(p["version"])}
            return gettext("The minutes of committee meeting %(meeting)s await your party's approval.") % {
                "meeting": readers_digits(p.get("meeting", ""))
            }
        if self.kind == Kind.DECISION_ASSIGNED:
            text = gettext("Joint committee decision %(number)s was assigned to your party.") % {
                "number": readers_digits(p.get("number", ""))
            }
            if p.get("due_on"):
                due_on = dt.date.fromisoformat(p["due_on"])
                text += " " + gettext("Deadline: %(date)s.") % {"date": reader_date(due_on, "long")}
            return text
        if self.kind == Kind.DEADLINE_STEP:
            return deadline_words(p)
        if self.kind == Kind.TERM_ENDING:
            return term_words(p)
        return self.get_kind_display()

    @property
    def commitment_text(self) -> str:
        """The commitment's words, in the reader's language when it has them (an entry returned)."""
        if self.kind != Kind.ENTRY_RETURNED:
            return ""
        english = not reading_persian()
        return (english and self.params.get("text_en")) or self.params.get("text_fa", "")

    @property
    def work_date(self) -> str:
        """The day of the returned entry's work, as the reader reads dates."""
        return _day(self.params, "happened_on") if self.kind == Kind.ENTRY_RETURNED else ""

    @property
    def quoted(self) -> str:
        """What someone wrote (the monitor's comment), shown apart from the sentence: it may be in
        the other language, and inside a sentence the bidi algorithm would scramble it."""
        if self.kind == Kind.DECISION_ASSIGNED:
            english = not reading_persian()
            return (english and self.params.get("text_en")) or self.params.get("text_fa", "")
        return self.params.get("comment", "") if self.kind == Kind.ENTRY_RETURNED else ""


def _day(p: dict, key: str) -> str:
    return reader_date(dt.date.fromisoformat(p[key]), "long") if p.get(key) else ""


def deadline_words(p: dict) -> str:
    """A step of a deadline's ladder (the deadlines app), in the reader's language."""
    facts = {"number": p.get("number", ""), "date": _day(p, "due_on"), "days": readers_digits(p.get("days", 0))}
    step = p.get("step")
    if step == "due_soon":
        return gettext("Commitment %(number)s is due on %(date)s, in %(days)s days.") % facts
    if step == "overdue":
        return gettext("Commitment %(number)s is overdue: it was due on %(date)s.") % facts
    return (
        gettext(
            "Commitment %(number)s is %(days)s days overdue (due on %(date)s): both parties' focal points and the"
            " monitor are told."
        )
        % facts
    )


def term_words(p: dict) -> str:
    """An alert of an agreement's term (the terms app), in the reader's language."""
    facts = {"date": _day(p, "ends_on"), "days": readers_digits(p.get("days", 0))}
    if p.get("expired"):
        return gettext("The agreement ended on %(date)s and has expired: it takes no more entries.") % facts
    if p.get("renewed"):
        return gettext("The agreement renewed itself: its new term ends on %(date)s.") % facts
    return gettext("The agreement ends on %(date)s, in %(days)s days: the committee decides on its renewal.") % facts


def quarter_words(label: str) -> str:
    """'1403-Q3' as the reader says it."""
    try:
        year, number = label.split("-Q")
    except ValueError:
        return label
    return gettext("Q%(number)s %(year)s") % {"number": readers_digits(number), "year": readers_digits(year)}


class EmailAttempt(models.Model):
    """One try at handing a notification's e-mail to the SMTP server, and how it ended.

    A row is written (and committed) as SENDING before the server is contacted, so a worker that
    dies mid-conversation leaves a trace: the outcome is then unknown, and the next try (after
    the claim's lease) sends the same Message-ID, which receiving servers and clients use to fold
    a second copy into the first.
    """

    class Outcome(models.TextChoices):
        SENDING = "sending", _("being sent")
        ACCEPTED = "accepted", _("accepted by the mail server")
        WILL_RETRY = "will_retry", _("failed, will be tried again")
        GAVE_UP = "gave_up", _("failed, not tried again")

    notification = models.ForeignKey(Notification, on_delete=models.CASCADE, related_name="email_attempts")
    started_at = models.DateTimeField(_("started at"), default=timezone.now)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=16, choices=Outcome, default=Outcome.SENDING)
    # What the server or the network said, as they said it (English, technical): for operators.
    reason = models.TextField(_("reason"), blank=True)
    next_try_at = models.DateTimeField(_("next try at"), null=True, blank=True)

    class Meta:
        verbose_name = _("e-mail attempt")
        verbose_name_plural = _("e-mail attempts")
        ordering = ["notification", "started_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(outcome__in=["sending", "accepted", "will_retry", "gave_up"]),
                name="email_attempt_outcome_is_known",
            ),
            # One notification is accepted at most once: a second ACCEPTED row cannot be written.
            models.UniqueConstraint(
                fields=["notification"], condition=Q(outcome="accepted"), name="email_accepted_once"
            ),
        ]
        indexes = [models.Index(fields=["notification", "-started_at"], name="email_attempt_latest")]

    def __str__(self):
        return f"{self.notification_id} · {self.started_at:%Y-%m-%d %H:%M:%S} · {self.outcome}"
