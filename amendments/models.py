"""Amendments (addenda) to an agreement: each signed, dated, confirmed by both parties, and then
applied to the commitments it adds, modifies or withdraws.

A commitment's row always holds the wording in force today (every page, export and figure reads
it as before); the changes keep the old and new values, so any earlier day's wording is the row
with the later changes undone (`wording_as_at`).
"""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import F, Min, OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from agreement.formatting import display_number, quantity, reader_date
from agreement.models import Agreement, Party, bilingual
from agreement.persian import readers_digits, reading_persian
from obligations.models import Commitment
from obligations.progress import IndicatorKind

# What an amendment may change on a commitment, in the order a page lists them.
AMENDABLE = (
    "number",
    "text_fa",
    "text_en",
    "owner",
    "indicator_kind",
    "indicator_unit_fa",
    "indicator_unit_en",
    "indicator_baseline",
    "indicator_target",
    "due_on",
)


def stored_value(commitment: Commitment, name: str):
    """A commitment field as a change keeps it in JSON: dates and decimals as text, the owner by its code."""
    if name == "owner":
        return commitment.owner.code if commitment.owner is not None else ""
    value = getattr(commitment, name)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return f"{value.normalize():f}"
    return value


def field_value(name: str, stored):
    """The model value of a stored change value (the inverse of stored_value, the owner as a Party or None)."""
    if stored in (None, ""):
        return None if name in ("owner", "due_on", "indicator_baseline", "indicator_target") else ""
    if name == "owner":
        return Party.objects.get(code=stored)
    if name == "due_on":
        return dt.date.fromisoformat(stored)
    if name in ("indicator_baseline", "indicator_target"):
        return Decimal(stored)
    return stored


def field_label(name: str) -> str:
    field = Commitment._meta.get_field(name)
    assert isinstance(field, models.Field)
    return str(field.verbose_name)


def readable_value(name: str, stored) -> str:
    """A stored change value as the reader reads it (Jalali dates, Persian digits, the party's name)."""
    if stored is None:
        return ""
    if name == "owner":
        if stored == "":
            return gettext("Joint (all parties)")
        party = Party.objects.filter(code=stored).first()
        return (party.short_name or party.name) if party else stored
    if name == "due_on" and stored:
        return reader_date(dt.date.fromisoformat(stored))
    if name in ("indicator_baseline", "indicator_target") and stored != "":
        return quantity(Decimal(stored))
    if name == "number":
        return display_number(stored)
    if name == "indicator_kind" and stored:
        return str(IndicatorKind(stored).label)
    return str(stored)


def amendment_upload_path(instance: "Amendment", filename: str) -> str:
    return f"amendments/{instance.agreement_id}/{timezone.now():%Y%m%d%H%M%S}-{filename[-80:]}"


class AmendmentQuerySet(models.QuerySet):
    def recorded(self):
        return self.filter(state=Amendment.State.RECORDED)

    def due_to_apply(self, today: dt.date):
        """Recorded, in effect by `today`, and not yet written onto the commitments."""
        return self.recorded().filter(effective_on__lte=today, applied_at__isnull=True)

    def taking_effect_between(self, first: dt.date, last: dt.date):
        return (
            self.recorded().filter(effective_on__gte=first, effective_on__lte=last).order_by("effective_on", "number")
        )


class Amendment(models.Model):
    """A signed addendum: drafted, then recorded once a focal point of every party confirms it."""

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft, awaiting the parties' confirmation")
        RECORDED = "recorded", _("Recorded")

    agreement = models.ForeignKey(Agreement, on_delete=models.PROTECT, related_name="amendments")
    number = models.PositiveSmallIntegerField(_("addendum number"))
    signed_on = models.DateField(_("date signed"))
    effective_on = models.DateField(_("in force from"))
    rationale_fa = models.TextField(_("rationale (Persian)"))
    rationale_en = models.TextField(_("rationale (English)"), blank=True)
    scan = models.FileField(_("signed scan"), upload_to=amendment_upload_path, max_length=200)
    scan_name = models.CharField(_("file name"), max_length=200)
    state = models.CharField(_("state"), max_length=16, choices=State, default=State.DRAFT)
    drafted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    drafted_at = models.DateTimeField(_("drafted at"), default=timezone.now)
    recorded_at = models.DateTimeField(_("recorded at"), null=True, blank=True)
    # When its changes were written onto the commitments (on recording, or by the daily job on
    # the effective date when that is later).
    applied_at = models.DateTimeField(_("applied at"), null=True, blank=True)
    history = HistoricalRecords()
    objects = AmendmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("amendment")
        verbose_name_plural = _("amendments")
        ordering = ["agreement", "number"]
        constraints = [
            models.UniqueConstraint(fields=["agreement", "number"], name="amendment_number_unique_per_agreement"),
            models.CheckConstraint(condition=Q(number__gte=1), name="amendment_number_positive"),
            models.CheckConstraint(condition=Q(state__in=["draft", "recorded"]), name="amendment_state_is_known"),
            models.CheckConstraint(
                condition=Q(state="draft") | Q(recorded_at__isnull=False), name="amendment_recorded_says_when"
            ),
            models.CheckConstraint(
                condition=Q(applied_at__isnull=True) | Q(state="recorded"), name="amendment_applied_only_if_recorded"
            ),
        ]
        indexes = [
            # The daily job's due_to_apply(): recorded amendments not yet applied.
            models.Index(
                fields=["effective_on"], condition=Q(applied_at__isnull=True), name="amendment_waiting_to_apply"
            ),
        ]

    def __str__(self):
        return f"{self.agreement.reference} #{self.number}"

    @property
    def rationale(self) -> str:
        return bilingual(self, "rationale")

    @property
    def is_draft(self) -> bool:
        return self.state == self.State.DRAFT

    @property
    def is_recorded(self) -> bool:
        return self.state == self.State.RECORDED

    @property
    def label(self) -> str:
        """«addendum 1 from 1404/03/01» in the reader's language."""
        return gettext("addendum %(number)s from %(date)s") % {
            "number": readers_digits(self.number),
            "date": reader_date(self.effective_on),
        }


class AmendmentChange(models.Model):
    """One change an amendment makes: a commitment added, modified or withdrawn, with the values
    before and after (only the fields it changes)."""

    class Action(models.TextChoices):
        ADD = "add", pgettext_lazy("amendment action", "Add")
        MODIFY = "modify", pgettext_lazy("amendment action", "Modify")
        WITHDRAW = "withdraw", pgettext_lazy("amendment action", "Withdraw")

    amendment = models.ForeignKey(Amendment, on_delete=models.PROTECT, related_name="changes")
    position = models.PositiveSmallIntegerField(_("row"))
    action = models.CharField(_("change"), max_length=16, choices=Action)
    # Empty for an addition until the amendment takes effect and the commitment is created.
    commitment = models.ForeignKey(
        Commitment, on_delete=models.PROTECT, null=True, blank=True, related_name="amendment_changes"
    )
    values_before = models.JSONField(default=dict, blank=True)
    values_after = models.JSONField(default=dict, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("change of an amendment")
        verbose_name_plural = _("changes of an amendment")
        ordering = ["amendment", "position"]
        constraints = [
            models.UniqueConstraint(fields=["amendment", "position"], name="amendment_change_position_unique"),
            models.CheckConstraint(
                condition=Q(action__in=["add", "modify", "withdraw"]), name="amendment_change_action_is_known"
            ),
            models.CheckConstraint(
                condition=Q(action="add") | Q(commitment__isnull=False), name="amendment_change_names_its_commitment"
            ),
        ]
        indexes = [
            # A commitment's page asks which recorded changes concern it (wording_as_at, in_force_note).
            models.Index(fields=["commitment"], name="amendment_change_commitment"),
        ]

    def __str__(self):
        return f"{self.amendment} · {self.position} · {self.action}"

    def rows(self) -> list[tuple[str, str, str]]:
        """(field label, before, after) for every field the change touches, as the reader reads them."""
        names = [name for name in AMENDABLE if name in self.values_before or name in self.values_after]
        return [
            (
                field_label(name),
                readable_value(name, self.values_before.get(name)),
                readable_value(name, self.values_after.get(name)),
            )
            for name in names
        ]


class AmendmentConfirmation(models.Model):
    """A focal point's confirmation, for their party, that the draft is what was signed."""

    amendment = models.ForeignKey(Amendment, on_delete=models.PROTECT, related_name="confirmations")
    party = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="+")
    confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    confirmed_at = models.DateTimeField(_("confirmed at"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("confirmation of an amendment")
        verbose_name_plural = _("confirmations of amendments")
        constraints = [
            models.UniqueConstraint(fields=["amendment", "party"], name="amendment_confirmed_once_per_party"),
        ]

    def __str__(self):
        return f"{self.amendment} · {self.party}"


@dataclass
class Wording:
    """A commitment as it read on one day."""

    commitment: Commitment
    day: dt.date
    values: dict = field(default_factory=dict)  # stored values (stored_value) of AMENDABLE
    exists: bool = True
    withdrawn_by: Amendment | None = None
    amended_by: list = field(default_factory=list)  # amendments in force on `day` that changed it

    @property
    def number(self) -> str:
        return self.values["number"]

    @property
    def latest_amendment(self) -> Amendment | None:
        return self.amended_by[-1] if self.amended_by else None

    @property
    def text(self) -> str:
        english = not reading_persian()
        return (english and self.values.get("text_en")) or self.values.get("text_fa", "")


def _recorded_changes(commitment_ids):
    return (
        AmendmentChange.objects.filter(commitment_id__in=commitment_ids, amendment__state=Amendment.State.RECORDED)
        .select_related("amendment")
        .order_by("amendment__effective_on", "amendment__number", "position")
    )


def wordings_as_at(commitments, day: dt.date) -> list[Wording]:
    """Each commitment as it read on `day` (one query for all their changes).

    The row is today's wording once every amendment in effect is applied: changes applied but
    effective after `day` are undone (the earliest one's values_before wins), and changes recorded
    but not yet applied that are effective by `day` are done.
    """
    commitments = list(commitments)
    by_commitment: dict[int, list[AmendmentChange]] = {}
    for change in _recorded_changes([c.pk for c in commitments]):
        by_commitment.setdefault(change.commitment_id, []).append(change)
    result = []
    for commitment in commitments:
        wording = Wording(commitment, day, {name: stored_value(commitment, name) for name in AMENDABLE})
        undone: set[str] = set()
        for change in by_commitment.get(commitment.pk, []):
            amendment = change.amendment
            in_effect = amendment.effective_on <= day
            if amendment.applied_at is not None and not in_effect:
                if change.action == AmendmentChange.Action.ADD:
                    wording.exists = False
                for name, before in change.values_before.items():
                    if name not in undone:
                        wording.values[name] = before
                        undone.add(name)
            elif amendment.applied_at is None and in_effect:
                wording.values.update(change.values_after)
            if in_effect:
                if change.action == AmendmentChange.Action.WITHDRAW:
                    wording.withdrawn_by = amendment
                elif amendment not in wording.amended_by:
                    wording.amended_by.append(amendment)
        result.append(wording)
    return result


def wording_as_at(commitment: Commitment, day: dt.date) -> Wording:
    return wordings_as_at([commitment], day)[0]


def withdrawal_of(commitment: Commitment, day: dt.date) -> Amendment | None:
    """The recorded amendment that withdrew this commitment by `day`, if any."""
    change = (
        AmendmentChange.objects.filter(
            commitment=commitment,
            action=AmendmentChange.Action.WITHDRAW,
            amendment__state=Amendment.State.RECORDED,
            amendment__effective_on__lte=day,
        )
        .select_related("amendment")
        .order_by("amendment__effective_on")
        .first()
    )
    return change.amendment if change else None


def fresh_withdrawn_from():
    """The earliest effective date of a recorded amendment withdrawing the commitment in
    OuterRef("pk"), computed from the amendments (what Commitment.withdrawn_from stores)."""
    return Subquery(
        AmendmentChange.objects.filter(
            commitment=OuterRef("pk"),
            action=AmendmentChange.Action.WITHDRAW,
            amendment__state=Amendment.State.RECORDED,
        )
        .order_by()
        .values("commitment")
        .annotate(earliest=Min("amendment__effective_on"))
        .values("earliest")
    )


def rebuild_withdrawn_from(commitments=None) -> int:
    """Write each commitment's withdrawal date from the recorded amendments (all by default), raising
    its figures version: its pages say it is withdrawn."""
    commitments = Commitment.all_kinds.all() if commitments is None else commitments
    return commitments.update(withdrawn_from=fresh_withdrawn_from(), figures_version=F("figures_version") + 1)


def withdrawn_refusal(commitment: Commitment, day: dt.date) -> str | None:
    """Registered with obligations' entry checks: why an entry is refused on a withdrawn commitment.

    The commitment's row says from when it is withdrawn (withdrawn_from): the amendment is looked up
    only once that day has come, so a commitment in force costs no query."""
    if commitment.withdrawn_from is None or commitment.withdrawn_from > day:
        return None
    amendment = withdrawal_of(commitment, day)
    if amendment is None:
        return None
    return gettext("Commitment %(number)s was withdrawn by %(amendment)s: %(rationale)s") % {
        "number": commitment.number,
        "amendment": amendment.label,
        "rationale": amendment.rationale,
    }
