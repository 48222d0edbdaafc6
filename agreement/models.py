"""Agreements, the parties that sign them, and the people who act for those parties."""

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import F, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce, Concat
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from agreement.persian import reading_persian

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


def bilingual(obj, field: str) -> str:
    """The field in the active language, falling back to Persian (the authoritative text)."""
    if reading_persian():
        return getattr(obj, f"{field}_fa") or getattr(obj, f"{field}_en")
    return getattr(obj, f"{field}_en") or getattr(obj, f"{field}_fa")


class PartyManager(models.Manager):
    def get_by_natural_key(self, code):
        return self.get(code=code)


class Party(models.Model):
    """An organisation; one party can sign many agreements."""

    code = models.SlugField(_("short code"), max_length=32, unique=True)
    name_fa = models.CharField(_("name (Persian)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    short_name_fa = models.CharField(_("short name (Persian)"), max_length=80, blank=True)
    short_name_en = models.CharField(_("short name (English)"), max_length=80, blank=True)
    history = HistoricalRecords()
    objects = PartyManager()

    class Meta:
        verbose_name = _("party")
        verbose_name_plural = _("parties")
        ordering = ["code"]

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.code,)

    @property
    def name(self) -> str:
        return bilingual(self, "name")

    @property
    def short_name(self) -> str:
        return bilingual(self, "short_name") or self.name


def is_registrar(user) -> bool:
    """An administrator, or a registrar: staff given the "add agreement" permission in the admin, who
    drafts and activates agreements. Only staff accounts pay the permission query."""
    return user.is_authenticated and (user.is_superuser or (user.is_staff and user.has_perm("agreement.add_agreement")))


def page_prefetches() -> list:
    """What every page of an agreement reads besides its row: Agreement.objects.for_pages(), or
    prefetch_related_objects() on an agreement that came with another row (agreement.access.admit).
    The committee's seats are not among them: agreement.permissions.is_committee_member reads them
    on the first question, once, and many requests never ask."""
    signatories = models.Prefetch("signatories", queryset=Signatory.objects.select_related("party"))
    return [signatories, "counties"]


class AgreementQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Agreements signed by the user's party, whose joint committee the user sits on, or which
        the user oversees; a draft only to those who draft (administrators and registrars)."""
        if not user.is_authenticated:
            return self.none()
        if is_registrar(user):
            return self.exclude(status=Agreement.Status.DISCARDED)
        membership = getattr(user, "membership", None)
        condition = Q(committee_members__user=user) | Q(overseers__user=user)
        if membership is not None:
            condition |= Q(signatories__party_id=membership.party_id)
        hidden = [Agreement.Status.DRAFT, Agreement.Status.DISCARDED]
        return self.filter(condition).exclude(status__in=hidden).distinct()

    def get_by_natural_key(self, reference):
        return self.get(reference=reference)

    def for_pages(self):
        """With what every page of an agreement reads (its parties and counties), in two queries:
        each signatory comes with its party in one (the committee's seats when first asked about)."""
        return self.prefetch_related(*page_prefetches())

    def figures_changed(self, agreement_id: int) -> None:
        """Raise the agreement's figures_version, in the caller's transaction.

        Called by the writes that change an agreement's figures as a whole (evaluations,
        decisions, meetings, the admin), before they lock any other row: the update holds this row
        until the commit, so these writers of one agreement queue here first and never wait on each
        other in the opposite order. An entry's write raises its commitment's version instead
        (Commitment.apply_entry_change), so people logging on different commitments never queue
        here; figures_version_of() reads both. A reader that sees the new version also sees the change.
        """
        self.filter(pk=agreement_id).update(figures_version=F("figures_version") + 1)

    def figures_version_of(self, agreement_id: int) -> tuple[int, int]:
        """What a kept page part's key carries: the agreement's own version (raised by the rare
        writes of the agreement as a whole: meetings, evaluations, the admin) and the sum of its
        commitments' versions (each entry's write raises its commitment's, on the row it locks
        anyway). One query. Both only grow and every committed write raises one of them, so the
        pair read after a commit differs from every pair read before it, and writers on different
        commitments share no row. (A sequence or the newest id of an append-only change table
        would not do: a write with a lower number still uncommitted when a reader reads the
        highest one would be hidden from that key once it commits.)"""
        commitment_model = self.model.commitments.rel.related_model
        commitments = (
            commitment_model._base_manager.filter(agreement=OuterRef("pk"))  # every kind, decisions too
            .order_by()
            .values("agreement")
            .annotate(total=Sum("figures_version"))
            .values("total")
        )
        row = (
            self.filter(pk=agreement_id)
            .annotate(commitments_version=Coalesce(Subquery(commitments), Value(0)))
            .values_list("figures_version", "commitments_version")
            .get()
        )
        return int(row[0]), int(row[1])


class Agreement(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        IN_FORCE = "in_force", _("In force")
        EXPIRED = "expired", _("Expired")
        TERMINATED = "terminated", _("Terminated")
        # A draft put aside on purpose (drafting.services.discard_draft): kept with who, when and
        # why, hidden from every list and page, and no longer counted as the renewal of anything.
        DISCARDED = "discarded", _("Discarded")

    reference = models.SlugField(_("reference"), max_length=64, unique=True)
    title_fa = models.CharField(_("title (Persian)"), max_length=300)
    title_en = models.CharField(_("title (English)"), max_length=300)
    signed_on = models.DateField(_("date signed"))
    starts_on = models.DateField(_("start date"), null=True, blank=True)
    ends_on = models.DateField(_("end date"), null=True, blank=True)
    purpose_fa = models.TextField(_("purpose (Persian)"), blank=True)
    purpose_en = models.TextField(_("purpose (English)"), blank=True)
    baseline_fa = models.TextField(_("baseline at signing (Persian)"), blank=True)
    baseline_en = models.TextField(_("baseline at signing (English)"), blank=True)
    source_text = models.TextField(_("source text"), blank=True)
    source_note = models.TextField(_("editorial notes on the source"), blank=True)
    status = models.CharField(_("status"), max_length=16, choices=Status, default=Status.DRAFT)
    # A renewal as a new agreement (drafting.services.draft_renewal) names the one it continues.
    # An agreement is renewed once (agreement_renewed_once, below), but a discarded renewal draft
    # does not count: a second one can then be drafted. Read back the other way by renewed_as_or_none.
    continues = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="renewals",
        verbose_name=_("continues"),
        help_text=_("The agreement this one renews, carrying its open commitments over."),
    )
    discarded_at = models.DateTimeField(_("discarded at"), null=True, blank=True)
    discarded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("discarded by"),
    )
    discard_reason = models.TextField(_("why it was discarded"), blank=True)
    # Raised by every change to what the agreement's figures are computed from (see
    # figures_changed): pages keep their rendered figures under it (agreement.page_cache).
    figures_version = models.PositiveBigIntegerField(default=0, editable=False)
    # The newest quarter with a lock set (year * 10 + quarter, e.g. 14032), or empty: kept by
    # monitoring's QuarterLock.save() under this row's lock, so an entry dated after it needs no
    # look-up of the locks (monitoring.models.locked_quarter_refusal). Derived, rebuilt by
    # monitoring.models.rebuild_newest_locked_quarters().
    newest_locked_quarter = models.PositiveIntegerField(null=True, editable=False)
    # The version and the derived quarter are bookkeeping, not changes anyone made: out of the history.
    history = HistoricalRecords(excluded_fields=["figures_version", "newest_locked_quarter"])
    objects = AgreementQuerySet.as_manager()

    class Meta:
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        ordering = ["-signed_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(starts_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="agreement_ends_after_it_starts",
            ),
            models.CheckConstraint(condition=~Q(continues=F("pk")), name="agreement_does_not_continue_itself"),
            # One renewal per agreement, drafted or live; a discarded draft leaves room for another.
            models.UniqueConstraint(
                fields=["continues"],
                condition=~Q(status="discarded"),
                name="agreement_renewed_once",
            ),
            # A discarded draft says who discarded it, when and why; nothing else is discarded.
            models.CheckConstraint(
                condition=(
                    Q(status="discarded", discarded_at__isnull=False, discarded_by__isnull=False)
                    & ~Q(discard_reason="")
                )
                | Q(~Q(status="discarded"), discarded_at__isnull=True),
                name="agreement_discarded_says_who_when_why",
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if self._state.adding or kwargs.get("update_fields") is not None:
            return super().save(*args, **kwargs)
        # Never write back the figures_version read with the object: a change since may have
        # raised it, and an old version brought back would make old rendered figures current again.
        # Nor the newest locked quarter, which only the locks write.
        derived = ("figures_version", "newest_locked_quarter")
        fields = [f.name for f in self._meta.concrete_fields if not f.primary_key and f.name not in derived]
        super().save(*args, update_fields=fields, **kwargs)
        Agreement.objects.figures_changed(self.pk)  # its title and dates are on the pages too

    def natural_key(self):
        return (self.reference,)

    @property
    def title(self) -> str:
        return bilingual(self, "title")

    @property
    def purpose(self) -> str:
        return bilingual(self, "purpose")

    @property
    def baseline(self) -> str:
        return bilingual(self, "baseline")

    @cached_property
    def renewed_as_or_none(self) -> "Agreement | None":
        """The agreement that renews this one (drafted or live, never a discarded draft), or None;
        read once, then kept on the object."""
        return self.renewals.exclude(status=Agreement.Status.DISCARDED).first()

    @property
    def monitoring_party(self):
        signatory = next((s for s in self.signatories.all() if s.is_monitoring_party), None)
        return signatory.party if signatory else None

    def party_ids(self) -> set[int]:
        return {s.party_id for s in self.signatories.all()}


class SignatoryManager(models.Manager):
    def get_by_natural_key(self, reference, party_code):
        return self.get(agreement__reference=reference, party__code=party_code)


class Signatory(models.Model):
    """A party to an agreement, with the person who signed for it."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="signatories")
    party = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="signatures")
    label = models.CharField(_("label in the agreement"), max_length=8, help_text=_("A, B, ..."))
    signatory_name_fa = models.CharField(_("signatory (Persian)"), max_length=200)
    signatory_name_en = models.CharField(_("signatory (English)"), max_length=200)
    signatory_title_fa = models.CharField(_("signatory's title (Persian)"), max_length=200)
    signatory_title_en = models.CharField(_("signatory's title (English)"), max_length=200)
    is_monitoring_party = models.BooleanField(_("monitoring party"), default=False)
    history = HistoricalRecords()
    objects = SignatoryManager()

    class Meta:
        verbose_name = _("party to the agreement")
        verbose_name_plural = _("parties to the agreement")
        ordering = ["agreement", "label"]
        constraints = [
            models.UniqueConstraint(fields=["agreement", "party"], name="signatory_party_once_per_agreement"),
            models.UniqueConstraint(fields=["agreement", "label"], name="signatory_label_unique_per_agreement"),
            models.UniqueConstraint(
                fields=["agreement"],
                condition=Q(is_monitoring_party=True),
                name="one_monitoring_party_per_agreement",
            ),
        ]

    def __str__(self):
        return f"{self.label}: {self.party}"

    def natural_key(self):
        return self.agreement.natural_key() + self.party.natural_key()

    natural_key.dependencies = ["agreement.agreement", "agreement.party"]  # type: ignore[attr-defined]  # Django reads this function attribute

    @property
    def signatory_name(self) -> str:
        return bilingual(self, "signatory_name")

    @property
    def signatory_title(self) -> str:
        return bilingual(self, "signatory_title")


class CountyManager(models.Manager):
    def get_by_natural_key(self, reference, code):
        return self.get(agreement__reference=reference, code=code)


class County(models.Model):
    """A county (شهرستان) where work under an agreement can happen; a list kept as data."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="counties")
    code = models.SlugField(_("code"), max_length=32)
    name_fa = models.CharField(_("name (Persian)"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=100)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    history = HistoricalRecords()
    objects = CountyManager()

    class Meta:
        verbose_name = _("county")
        verbose_name_plural = _("counties")
        ordering = ["agreement", "position", "code"]
        constraints = [
            models.UniqueConstraint(fields=["agreement", "code"], name="county_code_unique_per_agreement"),
        ]

    def __str__(self):
        return self.name

    def natural_key(self):
        return self.agreement.natural_key() + (self.code,)

    natural_key.dependencies = ["agreement.agreement"]  # type: ignore[attr-defined]  # Django reads this function attribute

    @property
    def name(self) -> str:
        return bilingual(self, "name")


class MembershipQuerySet(models.QuerySet):
    def people_of(self, parties, query: str = ""):
        """The People page's list: the parties' members with their accounts, in one query.

        `query` is found in the name, username or address however it was typed (ي/ی, digits, ZWNJ).
        """
        from agreement.persian import search_key, search_key_expression

        people = self.filter(party__in=parties).select_related("user", "party")
        key = search_key(query)
        if key:
            people = people.annotate(
                _key_name=search_key_expression(Concat("user__first_name", "user__last_name")),
                _key_username=search_key_expression("user__username"),
                _key_email=search_key_expression("user__email"),
            ).filter(Q(_key_name__contains=key) | Q(_key_username__contains=key) | Q(_key_email__contains=key))
        return people.order_by(
            "party__code", "-user__is_active", "user__last_name", "user__first_name", "user__username"
        )


class Membership(models.Model):
    """The party a person works for and their role in it (one party per person)."""

    class Role(models.TextChoices):
        STAFF = "staff", _("Staff")
        FOCAL_POINT = "focal_point", _("Focal point")
        MONITOR = "monitor", _("Monitor")
        VIEWER = "viewer", _("Viewer")

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        INVITED = "invited", _("Invited, not yet signed in")
        DEACTIVATED = "deactivated", _("Deactivated")

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="membership")
    party = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="members")
    role = models.CharField(_("role"), max_length=16, choices=Role, default=Role.VIEWER)
    history = HistoricalRecords()
    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.CheckConstraint(
                condition=Q(role__in=["staff", "focal_point", "monitor", "viewer"]), name="membership_role_is_known"
            ),
        ]

    def __str__(self):
        return f"{self.user} – {self.party} ({self.get_role_display()})"

    @property
    def status(self) -> str:
        """Deactivated (may not sign in), invited (has not set a password yet) or active."""
        if not self.user.is_active:
            return self.Status.DEACTIVATED
        if not self.user.has_usable_password():
            return self.Status.INVITED
        return self.Status.ACTIVE

    def get_status_display(self) -> "StrOrPromise":
        return self.Status(self.status).label


class CommitteeMember(models.Model):
    """A seat on an agreement's joint committee: read access to everything in that agreement."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="committee_members")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="committee_seats")
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("joint committee member")
        verbose_name_plural = _("joint committee members")
        constraints = [
            models.UniqueConstraint(fields=["agreement", "user"], name="committee_seat_once_per_agreement"),
        ]

    def __str__(self):
        return f"{self.user} @ {self.agreement.reference}"


class Overseer(models.Model):
    """A read-only seat above an agreement (the Governorate's planning office, say): its overseer reads
    everything in it, and their portfolio lists it, but no rule lets them write anything."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="overseers")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="oversights")
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("overseer")
        verbose_name_plural = _("overseers")
        constraints = [
            models.UniqueConstraint(fields=["agreement", "user"], name="overseer_once_per_agreement"),
        ]

    def __str__(self):
        return f"{self.user} ⊃ {self.agreement.reference}"


class HijriMonthStart(models.Model):
    """The first day of one Hijri month as Iran's official calendar fixes it. Iran decides its months by
    its own sighting, which differs from the Saudi Umm al-Qura arithmetic by a day on many occasions, so
    every Hijri date the app shows or places (calendar labels, programmes, feeds, PDFs) reads this table;
    a month missing from it falls back to the arithmetic and is shown as estimated."""

    class Source(models.TextChoices):
        ANNOUNCED = "announced", _("announced by the Leader's office (sighting)")
        GEOPHYSICS = "geophysics", _("official calendar of the Institute of Geophysics")
        ESTIMATED = "estimated", _("estimated (arithmetic calendar, not yet confirmed)")

    hijri_year = models.PositiveSmallIntegerField(_("Hijri year"))
    hijri_month = models.PositiveSmallIntegerField(_("Hijri month"))
    starts_on = models.DateField(_("first day of the month"), unique=True)
    source_kind = models.CharField(_("kind of source"), max_length=12, choices=Source.choices)
    source = models.CharField(
        _("source"), max_length=500, help_text=_("Where the date comes from: a link or a citation.")
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Hijri month start (Iran)")
        verbose_name_plural = _("Hijri month starts (Iran)")
        ordering = ["hijri_year", "hijri_month"]
        constraints = [
            models.UniqueConstraint(fields=["hijri_year", "hijri_month"], name="hijri_month_start_once"),
            models.CheckConstraint(condition=Q(hijri_month__gte=1, hijri_month__lte=12), name="hijri_month_1_to_12"),
        ]

    def __str__(self):
        return f"{self.hijri_year}-{self.hijri_month:02d}: {self.starts_on}"

    @property
    def is_estimated(self) -> bool:
        return self.source_kind == self.Source.ESTIMATED
