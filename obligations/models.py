"""Commitments each party owes under an agreement, the progress it reports, and its evidence."""

import datetime as dt
import uuid
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import connection, models, transaction
from django.db.models import BooleanField, Exists, ExpressionWrapper, F, OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from agreement.history_user import record_history_user
from agreement.models import Agreement, County, Party, bilingual
from agreement.persian import search_key, search_key_expression
from obligations.evidence import IMAGE_TYPES, TYPE_LABELS
from obligations.progress import REPORTED, VERIFIED, IndicatorKind, Progress, compute_progress, progress_annotations

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


class Status(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    AT_RISK = "at_risk", _("At risk")
    BLOCKED = "blocked", _("Blocked")
    COMPLETED = "completed", _("Completed")


class Category(models.TextChoices):
    SUPPORT = "support", _("Support and sponsorship")
    CHARITY = "charity", _("Charity and zakat")
    LIVELIHOOD = "livelihood", _("Employment and livelihood")
    HOUSING = "housing", _("Housing and insurance")
    CULTURE = "culture", _("Cultural services")
    COORDINATION = "coordination", _("Coordination and planning")
    MONITORING = "monitoring", _("Monitoring and evaluation")


def _stale_cutoff(now):
    return now - dt.timedelta(days=settings.PEYMAN_STALE_AFTER_DAYS)


def _recent_entries(now):
    """Entries of the outer commitment logged within the staleness window."""
    cutoff = _stale_cutoff(now)
    return ProgressEntry.objects.filter(commitment=OuterRef("pk"), withdrawn_at__isnull=True, created_at__gte=cutoff)


def _too_new_to_be_stale(now) -> Q:
    """A joint committee's decision is followed up from its meeting on: it cannot have gone the
    staleness window without an entry before the window has passed since then (a decision made
    today was marked stale). The reverse lookup names the committee's row without importing it."""
    return Q(decision__meeting__starts_at__gte=_stale_cutoff(now))


def stored_from_fresh(row) -> dict:
    """The stored fields' values from a row annotated by CommitmentQuerySet.with_progress()."""
    return {
        "status": row["reported_status"] or Status.NOT_STARTED,
        "progress_reported": row["reported_percent"],
        "progress_verified": row["verified_percent"],
        "value_reported": row["reported_value"],
        "value_verified": row["verified_value"],
    }


class CommitmentQuerySet(models.QuerySet):
    def numbered(self):
        """The agreement's own numbered commitments (B1, A1, J1...), not followed-up decisions."""
        return self.filter(kind=Commitment.Kind.NUMBERED)

    def get_by_natural_key(self, reference, owner_code, number):
        owner = Q(owner__isnull=True) if owner_code in (None, "") else Q(owner__code=owner_code)
        return self.get(owner, agreement__reference=reference, number=number)

    def search(self, text: str):
        """Match number or text in either language however it was typed (ي/ی, digits, ZWNJ)."""
        key = search_key(text or "")
        if not key:
            return self
        return self.alias(
            _key_number=search_key_expression("number"),
            _key_fa=search_key_expression("text_fa"),
            _key_en=search_key_expression("text_en"),
        ).filter(Q(_key_number__contains=key) | Q(_key_fa__contains=key) | Q(_key_en__contains=key))

    def with_progress(self, *, as_of=None, prefix: str = ""):
        """The progress rule computed fresh (obligations.progress), for both bases, as of a day.

        Annotates `{prefix}reported_percent`, `_status`, `_value` and the same for `verified`.
        Pages read the stored figures instead; this is for reports as of a past day, for
        refreshing the stored figures and for checking them.
        """
        return self.annotate(
            **progress_annotations(REPORTED, as_of=as_of, prefix=prefix),
            **progress_annotations(VERIFIED, as_of=as_of, prefix=prefix),
        )

    def with_last_entry(self):
        """Annotate `last_entry_at`: when the newest unwithdrawn entry was logged."""
        last_logged = (
            ProgressEntry.objects.filter(commitment=OuterRef("pk"), withdrawn_at__isnull=True)
            .order_by("-created_at")
            .values("created_at")[:1]
        )
        return self.annotate(last_entry_at=Subquery(last_logged))

    def owed_by(self, party):
        """Commitments this party must carry out: its own and the joint ones."""
        return self.filter(Q(owner=party) | Q(owner__isnull=True))

    def stale_progress(self) -> list["Commitment"]:
        """Commitments whose stored figures differ from a fresh computation (should be none): one query."""
        return [c for c in self.with_progress() if c.stored_progress_values() != stored_from_fresh(vars(c))]

    def rebuild_progress(self) -> int:
        """Recompute the stored figures from the entries, each commitment in its own short
        transaction under its row lock; returns how many were wrong."""
        changed = 0
        for commitment in self.order_by("pk"):
            with transaction.atomic():
                changed += commitment.refresh_progress()
        return changed

    def overdue(self, today):
        """Past their due date and not completed."""
        return self.filter(due_on__lt=today).exclude(status=Status.COMPLETED)

    def stale(self, now):
        """Not completed, with no (unwithdrawn) entry logged in PEYMAN_STALE_AFTER_DAYS days, and
        followed up for longer than that."""
        return (
            self.exclude(status=Status.COMPLETED)
            .exclude(Exists(_recent_entries(now)))
            .exclude(_too_new_to_be_stale(now))
        )

    def with_flags(self, now):
        """Annotate `is_overdue` and `is_stale` (see overdue() and stale()) for list pages."""
        recent = _recent_entries(now)
        not_completed = ~Q(status=Status.COMPLETED)
        return self.annotate(
            is_overdue=ExpressionWrapper(Q(due_on__lt=timezone.localdate(now)) & not_completed, BooleanField()),
            is_stale=ExpressionWrapper(~Exists(recent) & not_completed & ~_too_new_to_be_stale(now), BooleanField()),
        )


# A module-level name, so that the type checker sees the queryset's methods on the manager.
_CommitmentManagerBase = models.Manager.from_queryset(CommitmentQuerySet)


class NumberedCommitmentManager(_CommitmentManagerBase):
    """The default manager: the agreement's numbered commitments only.

    Other kinds (a joint committee's decision) reuse the entries, evidence, review and status
    machinery through their own Commitment row, but they are not part of the agreement's text:
    every list, export, evaluation and report that reads `Commitment.objects` or
    `agreement.commitments` leaves them out without knowing they exist. Forward relations
    (`entry.commitment`) use the plain base manager and still reach them.
    """

    def get_queryset(self):
        return super().get_queryset().filter(kind=Commitment.Kind.NUMBERED)


class Commitment(models.Model):
    """A numbered promise in an agreement, owed by one party or jointly (owner left empty)."""

    class Kind(models.TextChoices):
        NUMBERED = "numbered", _("Commitment of the agreement")
        DECISION = "decision", _("Decision of the joint committee")

    agreement = models.ForeignKey(Agreement, on_delete=models.PROTECT, related_name="commitments")
    owner = models.ForeignKey(
        Party,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="commitments",
        verbose_name=_("owed by"),
        help_text=_("Leave empty for a joint commitment of all parties."),
    )
    number = models.CharField(_("number"), max_length=16)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    text_fa = models.TextField(_("text (Persian)"))
    text_en = models.TextField(_("text (English)"))
    note_fa = models.TextField(_("note (Persian)"), blank=True)
    note_en = models.TextField(_("note (English)"), blank=True)
    category = models.CharField(_("category"), max_length=16, choices=Category, blank=True)
    due_on = models.DateField(_("due date"), null=True, blank=True)
    indicator_unit_fa = models.CharField(_("indicator unit (Persian)"), max_length=100, blank=True)
    indicator_unit_en = models.CharField(_("indicator unit (English)"), max_length=100, blank=True)
    indicator_baseline = models.DecimalField(_("baseline"), max_digits=12, decimal_places=2, null=True, blank=True)
    indicator_baseline_note_fa = models.CharField(_("baseline note (Persian)"), max_length=300, blank=True)
    indicator_baseline_note_en = models.CharField(_("baseline note (English)"), max_length=300, blank=True)
    indicator_target = models.DecimalField(_("target"), max_digits=12, decimal_places=2, null=True, blank=True)
    indicator_kind = models.CharField(
        _("kind of indicator"),
        max_length=16,
        choices=IndicatorKind,
        default=IndicatorKind.CUMULATIVE,
        help_text=_("Cumulative: the quantities reported add up. Level: the latest value reported is the state."),
    )
    # The commitment of an earlier agreement this one carries over into its renewal (one-to-one:
    # carried once); the commitment's page links to it, and the old one's to its continuation.
    carried_from = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="carried_to",
        verbose_name=_("carried over from"),
    )
    # Derived by the progress rule (obligations.progress) from the entries; stored because lists
    # and the dashboard filter, group and average by them. Only apply_entry_change() (by the
    # entry's own contribution) and refresh_progress() (from all the entries) write them, under a
    # lock on this row, in the transaction that changed an entry; rebuild_progress recomputes them all.
    status = models.CharField(_("status"), max_length=16, choices=Status, default=Status.NOT_STARTED)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind, default=Kind.NUMBERED, editable=False)
    progress_reported = models.PositiveSmallIntegerField(_("progress (reported)"), default=0)
    progress_verified = models.PositiveSmallIntegerField(_("progress (verified)"), default=0)
    value_reported = models.DecimalField(
        _("indicator value (reported)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    value_verified = models.DecimalField(
        _("indicator value (verified)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    # Raised by every write of an entry of this commitment, on this row it locks anyway: the kept
    # page parts' key sums these (Agreement.objects.figures_version_of), so writers on different
    # commitments of one agreement share no row. Bookkeeping, not history.
    figures_version = models.PositiveBigIntegerField(default=0, editable=False)
    # The earliest effective date of a recorded amendment that withdraws this commitment, or empty:
    # written by the amendments' record service under this row's lock (amendments.models.
    # rebuild_withdrawn_from), so the log form's refusal check needs no query unless it applies.
    withdrawn_from = models.DateField(null=True, editable=False)
    history = HistoricalRecords(excluded_fields=["figures_version", "withdrawn_from"])
    objects = NumberedCommitmentManager()
    # Every kind: for pages that follow one commitment up whatever it is (its page, its log form).
    all_kinds = CommitmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("commitment")
        verbose_name_plural = _("commitments")
        ordering = ["agreement", "position", "number"]
        default_manager_name = "objects"
        constraints = [
            models.UniqueConstraint(fields=["agreement", "owner", "number"], name="commitment_number_unique_per_owner"),
            # NULL owners are distinct in a unique index, so joint numbers need their own rule.
            models.UniqueConstraint(
                fields=["agreement", "number"],
                condition=Q(owner__isnull=True),
                name="joint_commitment_number_unique",
            ),
            models.CheckConstraint(
                condition=Q(indicator_target__isnull=True) | Q(indicator_target__gt=0),
                name="commitment_target_positive",
            ),
            models.CheckConstraint(
                condition=Q(indicator_baseline__isnull=True) | Q(indicator_baseline__gte=0),
                name="commitment_baseline_not_negative",
            ),
            models.CheckConstraint(condition=Q(status__in=Status.values), name="commitment_status_is_known"),
            models.CheckConstraint(condition=Q(kind__in=["numbered", "decision"]), name="commitment_kind_is_known"),
            models.CheckConstraint(
                condition=Q(indicator_kind__in=IndicatorKind.values), name="commitment_indicator_kind_is_known"
            ),
            models.CheckConstraint(
                condition=Q(progress_reported__lte=100, progress_verified__lte=100),
                name="commitment_progress_at_most_100",
            ),
        ]
        indexes = [
            # The commitments page and the dashboard filter one agreement by status.
            models.Index(fields=["agreement", "status"], name="commitment_agreement_status"),
        ]

    def __str__(self):
        return f"{self.number}: {self.text[:60]}"

    def save(self, *args, **kwargs):
        if self._state.adding or kwargs.get("update_fields") is not None:
            return super().save(*args, **kwargs)
        # Never write back the withdrawal date read with the object: only the amendments write it.
        fields = [f.name for f in self._meta.concrete_fields if not f.primary_key and f.name != "withdrawn_from"]
        return super().save(*args, update_fields=fields, **kwargs)

    @property
    def carried_to_or_none(self) -> "Commitment | None":
        """The commitment a renewal carried this one over into, or None (kept on the object once read)."""
        try:
            return self.carried_to  # the reverse side of `carried_from`
        except Commitment.DoesNotExist:
            return None

    def natural_key(self):
        return self.agreement.natural_key() + ((self.owner.code if self.owner is not None else ""), self.number)

    natural_key.dependencies = ["agreement.agreement", "agreement.party"]  # type: ignore[attr-defined]  # Django reads this function attribute

    @property
    def text(self) -> str:
        return bilingual(self, "text")

    @property
    def note(self) -> str:
        return bilingual(self, "note")

    @property
    def indicator_unit(self) -> str:
        return bilingual(self, "indicator_unit")

    @property
    def indicator_baseline_note(self) -> str:
        return bilingual(self, "indicator_baseline_note")

    @property
    def is_decision(self) -> bool:
        return self.kind == self.Kind.DECISION

    @property
    def is_joint(self) -> bool:
        return self.owner_id is None

    @property
    def has_indicator(self) -> bool:
        return self.indicator_target is not None

    @property
    def measures_quantity(self) -> bool:
        """Progress is also counted in a unit (a target, a baseline or at least a unit is known)."""
        return self.has_indicator or self.indicator_baseline is not None or bool(self.indicator_unit_fa)

    def fresh_progress(self, *, as_of=None) -> Progress:
        """The progress rule over this commitment's entries, computed now (one query)."""
        return compute_progress(self, self.entries.all(), as_of=as_of)

    STORED_PROGRESS = ("status", "progress_reported", "progress_verified", "value_reported", "value_verified")

    def fresh_progress_values(self) -> dict:
        """What the stored figures should be, computed by the database from the entries."""
        row = (
            Commitment.all_kinds.filter(pk=self.pk)
            .with_progress()
            .values("reported_status", "reported_percent", "verified_percent", "reported_value", "verified_value")
            .get()
        )
        return stored_from_fresh(row)

    def refresh_progress(self, *, by=None) -> bool:
        """Bring the stored status and figures (and the entry counts per quarter, QuarterFigures) in
        line with the entries, under a lock on this row; True if anything stored was wrong.

        Called in the transaction that changed an entry. The row lock makes concurrent writers on
        one commitment take turns, and each computes from the entries committed before it, so the
        last one to commit leaves figures that include every entry. `by` is whoever's action moved
        them, for the history.
        """
        if not transaction.get_connection().in_atomic_block:
            raise RuntimeError("refresh_progress() must run inside the transaction that changed the entries")
        locked = self._lock_and_raise_version()
        fresh = self.fresh_progress_values()
        changed = [name for name, value in fresh.items() if getattr(locked, name) != value]
        for name, value in fresh.items():
            setattr(locked, name, value)
            setattr(self, name, value)
        if changed:
            record_history_user(locked, by)
            locked.save(update_fields=changed)
        # The entry counts per quarter and county, under the same lock and in the same transaction.
        recounted = QuarterFigures.objects.replace([self.pk])
        return bool(changed or recounted)

    def _lock_and_raise_version(self) -> "Commitment":
        """Raise this commitment's figures_version (the kept page parts' key moves with this
        transaction's commit) and read the row back. The UPDATE takes the row's lock, FOR NO KEY
        UPDATE in PostgreSQL as it changes no key: the entry this transaction inserted holds a KEY
        SHARE lock on the row (its foreign key), which a plain FOR UPDATE would deadlock with."""
        Commitment.all_kinds.filter(pk=self.pk).update(figures_version=F("figures_version") + 1)
        locked = Commitment.all_kinds.select_for_update(no_key=True).get(pk=self.pk)
        self.figures_version = locked.figures_version
        return locked

    def stored_progress_values(self) -> dict:
        return {name: getattr(self, name) for name in self.STORED_PROGRESS}

    def apply_entry_change(self, before: "EntryPart | None", after: "EntryPart", *, by=None) -> "Commitment":
        """Move the stored figures and quarter counts by one entry's change, under this row's lock.

        `before` is what the entry was (None for a new one), `after` what it is now, already saved.
        The same results as refresh_progress() (tests/test_progress_rule.py checks it after every
        step of random histories), in a few small indexed queries instead of the rule over all of
        the commitment's entries: a sum moves by the entry's own quantity, and the latest counted
        entry is one LIMIT 1 read of the timeline index. Called in the transaction that changed the
        entry, like refresh_progress(), and for the same reason takes the same row lock. Returns
        the commitment as locked and written (only its pk is read from self: a bare
        Commitment(pk=...) will do, which saves a service loading it first).
        """
        if not transaction.get_connection().in_atomic_block:
            raise RuntimeError("apply_entry_change() must run inside the transaction that changed the entry")
        # The version moves with every write, and the UPDATE that moves it takes the row's lock and
        # returns the row as locked: one statement where a SELECT … FOR UPDATE and an UPDATE took two.
        # An UPDATE of no key column locks FOR NO KEY UPDATE, which the KEY SHARE lock that the entry
        # this transaction inserted holds on the row (its foreign key) lets through; a plain FOR
        # UPDATE would deadlock two people logging at the same moment.
        table = connection.ops.quote_name(Commitment._meta.db_table)
        bump = f'UPDATE {table} SET "figures_version" = "figures_version" + 1 WHERE "id" = %s RETURNING *'
        locked = Commitment.all_kinds.raw(bump, [self.pk])[0]
        values = {}
        for basis in (REPORTED, VERIFIED):
            counted_before = before is not None and before.counts(basis)
            counted_after = after.counts(basis)
            if not counted_before and not counted_after:
                continue  # this basis never saw the entry
            unchanged = before is not None and counted_after and before.figures_inputs() == after.figures_inputs()
            if counted_before and unchanged:
                continue  # counted before and after, with the same date, status, percent and quantity
            figure = locked._figure_after_change(
                basis, before if counted_before else None, after if counted_after else None
            )
            values[f"progress_{basis}"] = figure.percent
            values[f"value_{basis}"] = figure.value
            if basis == REPORTED:
                values["status"] = figure.status
        changed = [name for name, value in values.items() if getattr(locked, name) != value]
        for name, value in values.items():
            setattr(locked, name, value)
            setattr(self, name, value)
        # The figures, and their history, only when one changed (the version has moved already).
        self.figures_version = locked.figures_version
        if changed:
            record_history_user(locked, by)
            locked.save(update_fields=changed)
        QuarterFigures.objects.apply_entry_change(self.pk, before, after)
        return locked

    def _figure_after_change(self, basis: str, before: "EntryPart | None", after: "EntryPart | None"):
        """One basis's figure once an entry that counted (`before`) now counts as `after` (either None)."""
        from obligations.progress import counted_entries, figure_from

        counted = counted_entries(ProgressEntry.objects.filter(commitment=self.pk), basis)
        newest = counted.order_by("-happened_on", "-created_at", "-pk")
        latest = newest.values("reported_status", "percent_complete", "quantity").first()
        if latest is None:
            return figure_from(self, latest_status=None, value=None, latest_percent=None)
        if self.indicator_kind == IndicatorKind.LEVEL:
            value = latest["quantity"]
            if value is None:
                value = newest.exclude(quantity=None).values_list("quantity", flat=True).first()
        else:
            value = getattr(self, f"value_{basis}")
            removed = before.quantity if before is not None else None
            added = after.quantity if after is not None else None
            if removed is not None:
                value -= removed
            if added is not None:
                value = (value or Decimal(0)) + added
            elif removed is not None and not counted.exclude(quantity=None).exists():
                value = None  # the last quantity went: no value, as the rule has it
        latest_percent = latest["percent_complete"]
        if latest_percent is None and self.indicator_target is None:
            latest_percent = newest.exclude(percent_complete=None).values_list("percent_complete", flat=True).first()
        return figure_from(self, latest_status=latest["reported_status"], value=value, latest_percent=latest_percent)


@dataclass(frozen=True)
class EntryPart:
    """What one entry contributes to its commitment's stored figures and quarter counts."""

    created_at: dt.datetime
    happened_on: dt.date
    county_id: int | None
    quantity: Decimal | None
    review_state: str
    withdrawn: bool
    reported_status: str
    percent_complete: int | None

    @classmethod
    def of(cls, entry: "ProgressEntry") -> "EntryPart":
        return cls(
            created_at=entry.created_at,
            happened_on=entry.happened_on,
            county_id=entry.county_id,
            quantity=entry.quantity,
            review_state=entry.review_state,
            withdrawn=entry.withdrawn_at is not None,
            reported_status=entry.reported_status,
            percent_complete=entry.percent_complete,
        )

    def figures_inputs(self) -> tuple:
        """What the progress rule reads of a counted entry."""
        return self.happened_on, self.reported_status, self.percent_complete, self.quantity

    def counts(self, basis: str) -> bool:
        if self.withdrawn:
            return False
        return self.review_state == "accepted" if basis == VERIFIED else self.review_state in ("submitted", "accepted")

    @property
    def counted_as(self) -> str:
        """The QuarterFigures count it is in: awaiting, accepted, returned or withdrawn."""
        if self.withdrawn:
            return "withdrawn"
        return "awaiting" if self.review_state == "submitted" else self.review_state


class ProgressEntryQuerySet(models.QuerySet):
    def counted(self):
        """Entries that speak for the commitment: not withdrawn and not sent back."""
        return self.filter(withdrawn_at__isnull=True).exclude(review_state=ProgressEntry.ReviewState.RETURNED)

    def awaiting_review(self):
        return self.filter(withdrawn_at__isnull=True, review_state=ProgressEntry.ReviewState.SUBMITTED)

    def identical_recent(self, *, commitment, author, fields: dict):
        """Entries the same person saved on the same commitment, with the same content, within
        PEYMAN_DUPLICATE_WINDOW_MINUTES: what Back-then-Save on a re-rendered form produces."""
        since = timezone.now() - dt.timedelta(minutes=settings.PEYMAN_DUPLICATE_WINDOW_MINUTES)
        return self.filter(
            commitment=commitment, author=author, withdrawn_at__isnull=True, created_at__gte=since, **fields
        ).order_by("-created_at")


class ProgressEntry(models.Model):
    """What a party reports it did on a commitment; never deleted, only withdrawn."""

    class ReviewState(models.TextChoices):
        SUBMITTED = "submitted", _("Awaiting review")
        ACCEPTED = "accepted", _("Accepted")
        RETURNED = "returned", _("Returned")

    commitment = models.ForeignKey(Commitment, on_delete=models.PROTECT, related_name="entries")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="progress_entries")
    # The author's party when the entry was written, kept even if the person moves on.
    party = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="progress_entries")
    created_at = models.DateTimeField(_("logged at"), auto_now_add=True)
    happened_on = models.DateField(_("date of the work"))
    reported_status = models.CharField(_("reported status"), max_length=16, choices=Status)
    percent_complete = models.PositiveSmallIntegerField(_("percent complete"), null=True, blank=True)
    quantity = models.DecimalField(
        _("quantity toward the indicator"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    narrative = models.TextField(_("what was done"))
    county = models.ForeignKey(County, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("county"))
    village = models.CharField(_("village"), max_length=120, blank=True)
    review_state = models.CharField(_("review"), max_length=16, choices=ReviewState, default=ReviewState.SUBMITTED)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    review_comment = models.TextField(_("reviewer's comment"), blank=True)
    edited_at = models.DateTimeField(_("last edited at"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    withdrawn_reason = models.TextField(_("reason for withdrawal"), blank=True)
    # Bumped on every change; a form carries the version it showed, so a stale submit is caught.
    version = models.PositiveIntegerField(default=1)
    # One key per rendered form: a double-clicked or resent submit cannot create a second entry.
    submission_key = models.UUIDField(default=uuid.uuid4, editable=False)
    # Field truth, from an entry sent by the device's queue (fieldlog): when the device says the
    # record was made, by its own clock, and how far that clock was behind the server's when it
    # sent (seconds; negative when ahead). The server's own time is created_at.
    device_recorded_at = models.DateTimeField(_("recorded on the device at"), null=True, blank=True)
    device_clock_offset = models.IntegerField(_("device clock behind the server (seconds)"), null=True, blank=True)
    # Where the person was, if they chose to attach it, with the accuracy the device gave (metres).
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    location_accuracy = models.PositiveIntegerField(_("location accuracy (metres)"), null=True, blank=True)
    history = HistoricalRecords()
    objects = ProgressEntryQuerySet.as_manager()
    # Not stored: set by obligations.timeline.timeline_for() on the entries of the page shown.
    previous_status: str
    previous_status_label: "StrOrPromise"
    changes_status: bool
    can_edit: bool
    can_withdraw: bool
    can_review: bool
    return_reviews: list["Review"]
    card_key: str

    class Meta:
        verbose_name = _("progress entry")
        verbose_name_plural = _("progress entries")
        ordering = ["-happened_on", "-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(percent_complete__isnull=True) | Q(percent_complete__gte=0, percent_complete__lte=100),
                name="entry_percent_between_0_and_100",
            ),
            models.CheckConstraint(
                condition=Q(quantity__isnull=True) | Q(quantity__gte=0), name="entry_quantity_not_negative"
            ),
            models.CheckConstraint(condition=Q(reported_status__in=Status.values), name="entry_status_is_known"),
            models.CheckConstraint(condition=~Q(narrative=""), name="entry_narrative_required"),
            models.CheckConstraint(
                condition=Q(review_state="submitted") | Q(reviewed_by__isnull=False, reviewed_at__isnull=False),
                name="entry_reviewed_states_name_a_reviewer",
            ),
            models.CheckConstraint(
                condition=~Q(review_state="returned") | ~Q(review_comment=""),
                name="entry_return_has_a_comment",
            ),
            models.CheckConstraint(
                condition=Q(withdrawn_at__isnull=True) | ~Q(withdrawn_reason=""),
                name="entry_withdrawal_has_a_reason",
            ),
            models.UniqueConstraint(fields=["submission_key"], name="entry_submission_key_unique"),
            models.CheckConstraint(
                condition=Q(latitude__isnull=True, longitude__isnull=True, location_accuracy__isnull=True)
                | Q(
                    latitude__isnull=False,
                    longitude__isnull=False,
                    latitude__gte=-90,
                    latitude__lte=90,
                    longitude__gte=-180,
                    longitude__lte=180,
                ),
                name="entry_location_is_a_place",
            ),
        ]
        indexes = [
            # The commitment page's timeline and the status refresh read one commitment's entries.
            models.Index(fields=["commitment", "-happened_on", "-created_at"], name="entry_commitment_timeline"),
            # Staleness and "last entry" ask for one commitment's newest logged entry.
            models.Index(fields=["commitment", "created_at"], name="entry_commitment_logged"),
            # The dashboard's recent activity: the newest entries of the agreement.
            models.Index(fields=["-created_at"], name="entry_newest_first"),
            # The review queue lists submitted entries oldest first.
            models.Index(fields=["review_state", "created_at"], name="entry_review_queue"),
            # The review queue of one agreement and its count: only the entries still awaiting review,
            # per commitment (the index above made PostgreSQL AND every awaiting entry of all agreements).
            models.Index(
                fields=["commitment", "created_at"],
                condition=Q(review_state="submitted", withdrawn_at__isnull=True),
                name="entry_awaiting_review",
            ),
            # The progress rule's sums of quantities as of a day (the evaluations page, reports,
            # every refresh) read only this index, never the entries' rows (PostgreSQL only).
            models.Index(
                fields=["commitment", "happened_on"],
                include=["quantity", "review_state"],
                condition=Q(withdrawn_at__isnull=True, quantity__isnull=False),
                name="entry_counted_quantity",
            ),
        ]

    def __str__(self):
        return f"{self.commitment.number} – {self.happened_on}"

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_at is not None

    @property
    def state(self) -> str:
        """Where the entry stands for a reader: a withdrawn entry awaits no review, whatever its
        review state was when it was withdrawn. Pages, the dashboard and exports all show this."""
        return "withdrawn" if self.is_withdrawn else self.review_state

    def get_state_display(self) -> str:
        return str(_("Withdrawn")) if self.is_withdrawn else self.get_review_state_display()

    @property
    def is_editable(self) -> bool:
        """Awaiting review, or returned for a fix; once accepted, a correction is a new entry."""
        return not self.is_withdrawn and self.review_state != self.ReviewState.ACCEPTED

    # A device clock further off than this is flagged on the review page: its times are not to be trusted.
    CLOCK_TOLERANCE_SECONDS = 24 * 60 * 60

    @property
    def device_clock_is_off(self) -> bool:
        return self.device_clock_offset is not None and abs(self.device_clock_offset) > self.CLOCK_TOLERANCE_SECONDS

    @property
    def has_location(self) -> bool:
        return self.latitude is not None and self.longitude is not None

    def bump(self, *fields: str) -> None:
        """Save the named fields and the next version; callers hold the row lock."""
        self.version += 1
        self.save(update_fields=[*dict.fromkeys(fields), "version"])


def evidence_path(instance, filename):
    # Stored under a random name: the original name is data, never a path.
    return f"evidence/{instance.uploaded_at:%Y/%m}/{uuid.uuid4().hex}"


class Evidence(models.Model):
    """A file that backs a progress entry (photo, letter, sheet)."""

    entry = models.ForeignKey(ProgressEntry, on_delete=models.PROTECT, related_name="evidence")
    file = models.FileField(_("file"), upload_to=evidence_path, max_length=200)
    original_name = models.CharField(_("original file name"), max_length=255)
    size = models.PositiveBigIntegerField(_("size in bytes"))
    content_type = models.CharField(_("content type"), max_length=100)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(_("uploaded at"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        ordering = ["uploaded_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(size__gt=0), name="evidence_not_empty"),
            models.CheckConstraint(condition=Q(sha256__regex=r"^[0-9a-f]{64}$"), name="evidence_sha256_is_hex"),
        ]

    def __str__(self):
        return self.original_name

    @property
    def is_image(self) -> bool:
        """A photo or scan the pages can show as a thumbnail (see obligations.thumbnails)."""
        return self.content_type in IMAGE_TYPES

    @property
    def type_label(self) -> str:
        """What the file-type tile shows for a file without a thumbnail: PDF, DOCX, JPG..."""
        return TYPE_LABELS.get(self.content_type, "FILE")

    @property
    def preview(self) -> "Thumbnail | None":
        """The thumbnail if one was made; pages select_related("thumbnail") so this costs no query."""
        try:
            return self.thumbnail
        except Thumbnail.DoesNotExist:
            return None


# The longest side of a thumbnail, in pixels: pages draw it at half that, sharp on 2x screens.
THUMBNAIL_SIDE = 320


def thumbnail_path(instance, filename):
    # A random name, like the evidence's own: nothing about the file is in its path.
    return f"thumbnails/{timezone.now():%Y/%m}/{uuid.uuid4().hex}.jpg"


class Thumbnail(models.Model):
    """A small JPEG of an image evidence file, made once by a background job (obligations.tasks).

    Derived from the evidence and never edited; served only through the same permission check
    as the evidence itself (obligations.views.evidence).
    """

    evidence = models.OneToOneField(
        Evidence, on_delete=models.CASCADE, primary_key=True, related_name="thumbnail", verbose_name=_("evidence")
    )
    file = models.FileField(_("file"), upload_to=thumbnail_path, max_length=200)
    width = models.PositiveSmallIntegerField(_("width"))
    height = models.PositiveSmallIntegerField(_("height"))
    made_at = models.DateTimeField(_("made at"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("thumbnail")
        verbose_name_plural = _("thumbnails")
        constraints = [
            models.CheckConstraint(
                condition=Q(width__gte=1, width__lte=THUMBNAIL_SIDE, height__gte=1, height__lte=THUMBNAIL_SIDE),
                name="thumbnail_fits_its_box",
            ),
        ]

    def __str__(self):
        return f"{self.evidence} ({self.width}×{self.height})"


class Review(models.Model):
    """One decision on an entry, kept forever: return reasons survive a later acceptance."""

    class Decision(models.TextChoices):
        ACCEPTED = "accepted", _("Accepted")
        RETURNED = "returned", _("Returned")
        RESUBMITTED = "resubmitted", _("Resubmitted")

    entry = models.ForeignKey(ProgressEntry, on_delete=models.PROTECT, related_name="reviews")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decision = models.CharField(_("decision"), max_length=16, choices=Decision)
    comment = models.TextField(_("comment"), blank=True)
    created_at = models.DateTimeField(_("when"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("review decision")
        verbose_name_plural = _("review decisions")
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(decision="returned") | ~Q(comment=""), name="review_return_has_a_comment"
            ),
        ]
        indexes = [
            # The dashboard's recent activity: the newest decisions.
            models.Index(fields=["-created_at"], name="review_newest_first"),
        ]

    def __str__(self):
        return f"{self.get_decision_display()} – {self.entry_id}"


QUARTER_FIGURES = ("awaiting", "accepted", "returned", "withdrawn", "oldest_awaiting")


def fresh_quarter_figures(commitments, *, entry_model=None) -> dict[tuple, dict]:
    """What the QuarterFigures rows of these commitments should be, counted from their entries: two queries.

    Keyed by (commitment id, year, quarter, county id); each value holds the four counts and the
    oldest awaiting entry's logging time. The quarter is found by a CASE over the quarters the
    entries span, so the database does the grouping. (A migration passes its historical model.)
    """
    from agreement.jalali import Quarter

    entry_model = entry_model or ProgressEntry
    entries = entry_model.objects.filter(commitment__in=commitments).order_by()
    span = entries.aggregate(first=models.Min("happened_on"), last=models.Max("happened_on"))
    if span["first"] is None:
        return {}
    quarters, quarter = [], Quarter.containing(span["first"])
    while quarter <= Quarter.containing(span["last"]):
        quarters.append(quarter)
        quarter = quarter.next()
    which = models.Case(
        *[models.When(happened_on__range=(q.first_day, q.last_day), then=index) for index, q in enumerate(quarters)],
        output_field=models.IntegerField(),
    )
    live = Q(withdrawn_at__isnull=True)
    awaiting = live & Q(review_state="submitted")
    rows = (
        entries.annotate(quarter_index=which)
        .values("commitment", "quarter_index", "county")
        .annotate(
            awaiting=models.Count("pk", filter=awaiting),
            accepted=models.Count("pk", filter=live & Q(review_state="accepted")),
            returned=models.Count("pk", filter=live & Q(review_state="returned")),
            withdrawn=models.Count("pk", filter=~live),
            oldest_awaiting=models.Min("created_at", filter=awaiting),
        )
    )
    fresh = {}
    for row in rows:
        quarter = quarters[row["quarter_index"]]
        fresh[(row["commitment"], quarter.year, quarter.number, row["county"])] = {
            name: row[name] for name in QUARTER_FIGURES
        }
    return fresh


class QuarterFiguresQuerySet(models.QuerySet):
    """Entry counts per commitment, Jalali quarter (of the date of the work) and county."""

    FIELDS = QUARTER_FIGURES

    def fresh(self, commitments) -> dict[tuple, dict]:
        return fresh_quarter_figures(commitments)

    def stored(self) -> dict[tuple, dict]:
        return {
            (row["commitment"], row["year"], row["quarter"], row["county"]): {name: row[name] for name in self.FIELDS}
            for row in self.values("commitment", "year", "quarter", "county", *self.FIELDS)
        }

    def replace(self, commitments) -> int:
        """Bring the stored rows of these commitments in line with their entries: delete, update and
        create only what differs. Returns how many rows changed. The caller holds the commitments'
        row locks (refresh_progress) or runs where nobody writes (rebuild)."""
        fresh = self.fresh(commitments)
        stored = self.filter(commitment__in=commitments).stored()
        gone = [key for key in stored if key not in fresh]
        for commitment, year, quarter, county in gone:
            self.filter(commitment=commitment, year=year, quarter=quarter, county=county).delete()
        changed = [key for key, values in fresh.items() if key in stored and stored[key] != values]
        for commitment, year, quarter, county in changed:
            values = fresh[(commitment, year, quarter, county)]
            self.filter(commitment=commitment, year=year, quarter=quarter, county=county).update(**values)
        new = [key for key in fresh if key not in stored]
        self.bulk_create(
            [
                QuarterFigures(commitment_id=c, year=y, quarter=q, county_id=county, **fresh[(c, y, q, county)])
                for c, y, q, county in new
            ],
            batch_size=2000,
        )
        return len(gone) + len(changed) + len(new)

    def apply_entry_change(self, commitment_id: int, before: "EntryPart | None", after: "EntryPart") -> None:
        """Move the one or two rows an entry's change touches by its own count; the caller holds
        the commitment's row lock (Commitment.apply_entry_change), so nobody else writes them."""
        from agreement.jalali import Quarter

        def key(part):
            quarter = Quarter.containing(part.happened_on)
            return quarter, part.county_id

        moves = []  # (key, count name, +1/-1, the entry's logging time)
        if before is not None:
            moves.append((key(before), before.counted_as, -1, before.created_at))
        moves.append((key(after), after.counted_as, +1, after.created_at))
        if before is not None and moves[0][:2] == moves[1][:2]:
            return  # the same count of the same row: nothing moves
        for (quarter, county_id), name, step, created_at in moves:
            if step > 0:
                self._count_one_more(commitment_id, quarter, county_id, name, created_at)
                continue
            group = {
                "commitment_id": commitment_id,
                "year": quarter.year,
                "quarter": quarter.number,
                "county_id": county_id,
            }
            row = self.filter(**group).first() or QuarterFigures(**group)
            setattr(row, name, getattr(row, name) + step)
            if name == "awaiting" and step > 0:
                row.oldest_awaiting = min(filter(None, [row.oldest_awaiting, created_at]))
            elif name == "awaiting" and created_at == row.oldest_awaiting:
                # The oldest awaiting entry left this row: the next oldest, from the awaiting-review index.
                row.oldest_awaiting = (
                    ProgressEntry.objects.awaiting_review()
                    .filter(
                        commitment=commitment_id,
                        county=county_id,
                        happened_on__range=(quarter.first_day, quarter.last_day),
                    )
                    .order_by("created_at")
                    .values_list("created_at", flat=True)
                    .first()
                )
            if not any(getattr(row, count) for count in ("awaiting", "accepted", "returned", "withdrawn")):
                if row.pk is not None:
                    row.delete()
            else:
                row.save()

    def _count_one_more(self, commitment_id: int, quarter, county_id: int | None, name: str, created_at) -> None:
        """One more entry in one count of a row, created if missing: one statement (INSERT … ON
        CONFLICT), where reading the row first and writing it back took two. The conflict target
        names the partial unique index of a row with or without a county."""
        if name not in ("awaiting", "accepted", "returned", "withdrawn"):
            raise ValueError(name)
        table = connection.ops.quote_name(QuarterFigures._meta.db_table)
        target = "(commitment_id, year, quarter, county_id) WHERE county_id IS NOT NULL"
        if county_id is None:
            target = "(commitment_id, year, quarter) WHERE county_id IS NULL"
        oldest = created_at if name == "awaiting" else None
        counts = {count: int(count == name) for count in ("awaiting", "accepted", "returned", "withdrawn")}
        sql = (
            f"INSERT INTO {table} (commitment_id, year, quarter, county_id, awaiting, accepted, returned, withdrawn,"
            f" oldest_awaiting) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s)"
            f" ON CONFLICT {target} DO UPDATE SET {name} = {table}.{name} + 1"
        )
        if name == "awaiting":
            # A row with none awaiting takes this entry's time (CASE rather than LEAST: SQLite too).
            sql += (
                f", oldest_awaiting = CASE WHEN {table}.oldest_awaiting IS NULL"
                f" OR EXCLUDED.oldest_awaiting < {table}.oldest_awaiting"
                f" THEN EXCLUDED.oldest_awaiting ELSE {table}.oldest_awaiting END"
            )
        params = [commitment_id, quarter.year, quarter.number, county_id, *counts.values(), oldest]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)

    def differences(self, commitments) -> list[tuple]:
        """The (commitment, year, quarter, county) keys whose stored row differs from a fresh count."""
        fresh = self.fresh(commitments)
        stored = self.filter(commitment__in=commitments).stored()
        return sorted((key for key in fresh.keys() | stored.keys() if fresh.get(key) != stored.get(key)), key=str)


class QuarterFigures(models.Model):
    """A commitment's entries counted for one Jalali quarter (date of the work) and one county.

    Derived from the entries, like the commitment's stored progress, and written with it: by
    `Commitment.refresh_progress()` under the commitment's row lock, in the transaction that
    changed an entry; `manage.py rebuild_progress` recomputes them and `--check` compares. The
    dashboard sums these rows instead of counting entries, so its cost follows the number of
    commitments and quarters, not of entries. No history: every change is the consequence of an
    entry's change, and the entries have theirs.
    """

    commitment = models.ForeignKey(Commitment, on_delete=models.CASCADE, related_name="quarter_figures")
    year = models.PositiveSmallIntegerField()
    quarter = models.PositiveSmallIntegerField()
    county = models.ForeignKey(County, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    awaiting = models.PositiveIntegerField(default=0)  # live entries awaiting review
    accepted = models.PositiveIntegerField(default=0)
    returned = models.PositiveIntegerField(default=0)
    withdrawn = models.PositiveIntegerField(default=0)  # whatever their review state
    oldest_awaiting = models.DateTimeField(null=True, blank=True)  # when the oldest awaiting one was logged
    objects = QuarterFiguresQuerySet.as_manager()

    class Meta:
        verbose_name = _("entry counts of a quarter")
        verbose_name_plural = _("entry counts of quarters")
        constraints = [
            models.UniqueConstraint(
                fields=["commitment", "year", "quarter", "county"],
                condition=Q(county__isnull=False),
                name="quarter_figures_unique",
            ),
            # NULL counties are distinct in a unique index, so entries without one need their own rule.
            models.UniqueConstraint(
                fields=["commitment", "year", "quarter"],
                condition=Q(county__isnull=True),
                name="quarter_figures_unique_without_county",
            ),
            models.CheckConstraint(condition=Q(quarter__gte=1, quarter__lte=4), name="quarter_figures_quarter_1_to_4"),
        ]

    def __str__(self):
        return f"{self.commitment_id} {self.year}-Q{self.quarter} {self.county_id}"
