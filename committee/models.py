"""The joint committee's meetings, minutes and decisions (J1), and the executive calendar (A1).

A decision is followed up like a commitment because it *is* one underneath: each Decision owns a
Commitment row of kind "decision", so progress entries, evidence, review and the status rule of
obligations work on it unchanged, while the agreement's numbered lists never show it (see
docs/committee.md).
"""

import datetime as dt
import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from agreement.formatting import person_name, plain_number
from agreement.history_user import record_history_user
from agreement.jalali import local_date, to_jalali
from agreement.models import Agreement, Party, bilingual
from agreement.pdf.issued import new_verification_code
from agreement.persian import reading_persian
from obligations.models import Commitment, Status


class MeetingQuerySet(models.QuerySet):
    def of(self, agreement):
        return self.filter(agreement=agreement)

    def with_everything(self):
        """Agenda, attendees, minutes with approvals and decisions, in a few queries (page and PDF)."""
        from django.db.models import Prefetch

        return self.prefetch_related(
            Prefetch(
                "agenda_items",
                queryset=AgendaItem.objects.prefetch_related("commitments").select_related("follows_up__meeting"),
            ),
            Prefetch("attendances", queryset=Attendance.objects.select_related("user__membership__party")),
            Prefetch(
                "minutes",
                queryset=Minutes.objects.select_related("written_by", "replaced_by").prefetch_related(
                    "approvals__party", "approvals__approved_by", "issued"
                ),
            ),
            Prefetch(
                "decisions",
                queryset=Decision.objects.select_related("commitment__owner", "responsible_person").prefetch_related(
                    "linked_commitments"
                ),
            ),
        )


class Meeting(models.Model):
    """One meeting of an agreement's joint committee: draft, then held, then its minutes approved."""

    class State(models.TextChoices):
        DRAFT = "draft", _("Planned")
        HELD = "held", _("Held, minutes awaiting approval")
        APPROVED = "approved", _("Minutes approved")

    agreement = models.ForeignKey(Agreement, on_delete=models.PROTECT, related_name="meetings")
    # Meetings are numbered per Jalali year, as secretariats number them: «جلسه ۲ سال ۱۴۰۳».
    year = models.PositiveSmallIntegerField(_("year"))
    number = models.PositiveSmallIntegerField(_("number"))
    starts_at = models.DateTimeField(_("date and time"))
    duration_minutes = models.PositiveSmallIntegerField(_("length in minutes"), default=120)
    place = models.CharField(_("place"), max_length=200)
    state = models.CharField(_("state"), max_length=16, choices=State, default=State.DRAFT)
    held_at = models.DateTimeField(_("marked held at"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    history = HistoricalRecords()
    objects = MeetingQuerySet.as_manager()

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-starts_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["agreement", "year", "number"], name="meeting_number_unique_per_year"),
            models.CheckConstraint(condition=Q(number__gte=1), name="meeting_number_positive"),
            models.CheckConstraint(condition=Q(duration_minutes__gte=1), name="meeting_length_positive"),
            models.CheckConstraint(condition=Q(state__in=["draft", "held", "approved"]), name="meeting_state_is_known"),
            models.CheckConstraint(
                condition=Q(state="draft") | Q(held_at__isnull=False), name="meeting_held_states_say_when"
            ),
        ]

    def __str__(self):
        return f"{self.agreement.reference} {self.code}"

    @property
    def code(self) -> str:
        """«2/1403»: number in the year, then the Jalali year."""
        return f"{self.number}/{self.year}"

    @property
    def ends_at(self) -> dt.datetime:
        return self.starts_at + dt.timedelta(minutes=self.duration_minutes)

    @property
    def is_held(self) -> bool:
        return self.state != self.State.DRAFT

    @property
    def is_approved(self) -> bool:
        return self.state == self.State.APPROVED

    @property
    def has_started(self) -> bool:
        """A meeting is marked held only from its start time on (services.mark_held)."""
        return self.starts_at <= timezone.now()

    @property
    def is_editable(self) -> bool:
        """Agenda, attendees and decisions change until a party approves the minutes: the minutes
        PDF is laid out and sealed at the first approval, so what it shows is fixed from then on
        (a correction, a new version with no approval yet, opens them again)."""
        if self.is_approved:
            return False
        current = self.current_minutes()
        return current is None or not current.approvals.all()

    @classmethod
    def next_number(cls, agreement, year: int) -> int:
        last = cls.objects.filter(agreement=agreement, year=year).aggregate(models.Max("number"))["number__max"]
        return (last or 0) + 1

    @staticmethod
    def jalali_year_of(starts_at: dt.datetime) -> int:
        return to_jalali(local_date(starts_at)).year

    def current_minutes(self):
        """The version in force: the newest one (each correction supersedes the one before)."""
        versions = sorted(self.minutes.all(), key=lambda m: m.version)
        return versions[-1] if versions else None


class AgendaItem(models.Model):
    """A point on a meeting's agenda; may concern commitments or follow up an earlier decision."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda_items")
    position = models.PositiveSmallIntegerField(_("order"))
    title = models.CharField(_("agenda item"), max_length=500)
    commitments = models.ManyToManyField(
        Commitment, blank=True, related_name="agenda_items", verbose_name=_("commitments concerned")
    )
    follows_up = models.ForeignKey(
        "Decision",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="followed_up_in",
        verbose_name=_("follows up the decision"),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["meeting", "position"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "position"], name="agenda_item_position_unique"),
        ]

    def __str__(self):
        return self.title


class Attendance(models.Model):
    """Someone at a meeting: a member of either party (a user) or a guest named with their organisation."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendances")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    guest_name = models.CharField(_("guest's name"), max_length=200, blank=True)
    guest_organisation = models.CharField(_("guest's organisation"), max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("attendee")
        verbose_name_plural = _("attendees")
        ordering = ["meeting", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(user__isnull=False) & Q(guest_name=""))
                | (Q(user__isnull=True) & ~Q(guest_name="") & ~Q(guest_organisation="")),
                name="attendee_is_a_member_or_a_named_guest",
            ),
            models.UniqueConstraint(
                fields=["meeting", "user"], condition=Q(user__isnull=False), name="attendee_once_per_meeting"
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def name(self) -> str:
        if self.user is not None:
            return person_name(self.user)
        return self.guest_name

    @property
    def organisation(self) -> str:
        if self.user_id:
            membership = getattr(self.user, "membership", None)
            return membership.party.short_name if membership else ""
        return self.guest_organisation


class Minutes(models.Model):
    """One version of a meeting's minutes. Approved minutes never change: a correction is a new
    version that names the one it replaces, and both stay in the record."""

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="minutes")
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    text = models.TextField(_("minutes"))
    replaces = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="replaced_by",
        verbose_name=_("corrects the version"),
    )
    correction_reason = models.TextField(_("reason for the correction"), blank=True)
    written_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("written at"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("minutes")
        verbose_name_plural = _("minutes")
        ordering = ["meeting", "version"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "version"], name="minutes_version_unique"),
            models.CheckConstraint(condition=~Q(text=""), name="minutes_not_empty"),
            # The first version corrects nothing; every later one names the version it replaces, and why.
            models.CheckConstraint(
                condition=Q(version=1, replaces__isnull=True, correction_reason="")
                | (Q(version__gt=1, replaces__isnull=False) & ~Q(correction_reason="")),
                name="minutes_correction_names_its_predecessor",
            ),
        ]

    def __str__(self):
        return f"{self.meeting} v{self.version}"

    @property
    def is_superseded(self) -> bool:
        return hasattr(self, "replaced_by")

    @property
    def is_locked(self) -> bool:
        """Text is fixed once anyone approved it (they approved these words) or it was replaced."""
        return self.is_superseded or bool(self.approvals.all())

    def approval_for(self, party):
        return next((a for a in self.approvals.all() if a.party_id == party.pk), None)

    def is_approved_by_all(self) -> bool:
        approved = {a.party_id for a in self.approvals.all()}
        return approved >= self.meeting.agreement.party_ids()


class MinutesApproval(models.Model):
    """One party's approval of a version of the minutes, by its representative on the committee."""

    minutes = models.ForeignKey(Minutes, on_delete=models.PROTECT, related_name="approvals")
    party = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="+")
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    approved_at = models.DateTimeField(_("approved at"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("approval of the minutes")
        verbose_name_plural = _("approvals of the minutes")
        ordering = ["minutes", "approved_at"]
        constraints = [
            models.UniqueConstraint(fields=["minutes", "party"], name="minutes_approved_once_per_party"),
        ]

    def __str__(self):
        return f"{self.minutes} – {self.party}"


class DecisionQuerySet(models.QuerySet):
    def of(self, agreement):
        return self.filter(meeting__agreement=agreement)

    def open(self):
        return self.exclude(commitment__status=Status.COMPLETED)

    def overdue(self, today):
        return self.open().filter(commitment__due_on__lt=today)

    def done(self):
        return self.filter(commitment__status=Status.COMPLETED)

    def for_lists(self):
        return (
            self.select_related("commitment__owner", "meeting", "responsible_person")
            .prefetch_related("linked_commitments")
            .order_by("meeting__starts_at", "position")
        )


class Decision(models.Model):
    """A decision (مصوبه) of a meeting. Its text, responsible party, due date and status live on
    its own Commitment row, so it is followed up exactly like a commitment."""

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="decisions")
    position = models.PositiveSmallIntegerField(_("row"))
    commitment = models.OneToOneField(Commitment, on_delete=models.PROTECT, related_name="decision")
    responsible_person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("person following it up"),
    )
    linked_commitments = models.ManyToManyField(
        Commitment, blank=True, related_name="linked_decisions", verbose_name=_("commitments it serves")
    )
    history = HistoricalRecords()
    objects = DecisionQuerySet.as_manager()

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["meeting", "position"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "position"], name="decision_row_unique_per_meeting"),
            models.CheckConstraint(condition=Q(position__gte=1), name="decision_row_positive"),
        ]

    def __str__(self):
        return f"{self.meeting.code} #{self.position}"

    @staticmethod
    def number_for(meeting, position: int) -> str:
        """The follow-up number of its commitment row: year-meeting-row, «1403-2-3»."""
        return f"{meeting.year}-{meeting.number}-{position}"

    @property
    def text(self) -> str:
        return self.commitment.text

    @property
    def owner(self):
        return self.commitment.owner

    @property
    def due_on(self):
        return self.commitment.due_on

    @property
    def status(self) -> str:
        return self.commitment.status

    def get_status_display(self) -> str:
        return self.commitment.get_status_display()

    @property
    def is_done(self) -> bool:
        return self.commitment.status == Status.COMPLETED

    def is_overdue(self, today=None) -> bool:
        today = today or timezone.localdate()
        return not self.is_done and self.due_on is not None and self.due_on < today


# The executive calendar (A1).

HIJRI_MONTHS_FA = [
    "محرم",
    "صفر",
    "ربیع‌الاول",
    "ربیع‌الثانی",
    "جمادی‌الاول",
    "جمادی‌الثانی",
    "رجب",
    "شعبان",
    "رمضان",
    "شوال",
    "ذی‌القعده",
    "ذی‌الحجه",
]
HIJRI_MONTHS_EN = [
    "Muharram",
    "Safar",
    "Rabi al-Awwal",
    "Rabi al-Thani",
    "Jumada al-Awwal",
    "Jumada al-Thani",
    "Rajab",
    "Shaban",
    "Ramadan",
    "Shawwal",
    "Dhu al-Qadah",
    "Dhu al-Hijjah",
]


class Programme(models.Model):
    """A programme or event of the executive calendar: fixed dates, or pinned to a Hijri date and
    placed on its Gregorian/Jalali date each year (Ramadan moves about 11 days a year)."""

    agreement = models.ForeignKey(Agreement, on_delete=models.PROTECT, related_name="programmes")
    title_fa = models.CharField(_("title (Persian)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True)
    responsible_party = models.ForeignKey(
        Party,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("responsible party"),
        help_text=_("Leave empty when both parties are responsible."),
    )
    starts_on = models.DateField(_("first day"), null=True, blank=True)
    ends_on = models.DateField(_("last day"), null=True, blank=True)
    hijri_month = models.PositiveSmallIntegerField(_("Hijri month"), null=True, blank=True)
    hijri_day = models.PositiveSmallIntegerField(_("Hijri day"), null=True, blank=True)
    length_days = models.PositiveSmallIntegerField(_("length in days"), default=1)
    commitments = models.ManyToManyField(
        Commitment, blank=True, related_name="programmes", verbose_name=_("commitments it serves")
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        ordering = ["agreement", "starts_on", "hijri_month", "hijri_day", "pk"]
        constraints = [
            # Either fixed dates or a Hijri pin, never both and never neither.
            models.CheckConstraint(
                condition=(Q(starts_on__isnull=False) & Q(hijri_month__isnull=True) & Q(hijri_day__isnull=True))
                | (
                    Q(starts_on__isnull=True, ends_on__isnull=True)
                    & Q(hijri_month__isnull=False, hijri_day__isnull=False)
                ),
                name="programme_has_dates_or_a_hijri_pin",
            ),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="programme_ends_after_it_starts",
            ),
            models.CheckConstraint(
                condition=Q(hijri_month__isnull=True) | Q(hijri_month__gte=1, hijri_month__lte=12),
                name="programme_hijri_month_1_to_12",
            ),
            models.CheckConstraint(
                condition=Q(hijri_day__isnull=True) | Q(hijri_day__gte=1, hijri_day__lte=30),
                name="programme_hijri_day_1_to_30",
            ),
            models.CheckConstraint(condition=Q(length_days__gte=1), name="programme_length_positive"),
        ]

    def __str__(self):
        return self.title

    @property
    def title(self) -> str:
        return bilingual(self, "title")

    @property
    def is_hijri_pinned(self) -> bool:
        return self.hijri_month is not None

    def hijri_label(self) -> str:
        if not self.is_hijri_pinned:
            return ""
        assert self.hijri_month is not None and self.hijri_day is not None  # the dating constraint: both or neither
        months = HIJRI_MONTHS_FA if reading_persian() else HIJRI_MONTHS_EN
        return f"{plain_number(self.hijri_day)} {months[self.hijri_month - 1]}"

    def occurrences(self, first: dt.date, last: dt.date, hijri_calendar=None) -> list["Occurrence"]:
        """Where the programme falls between two dates (inclusive): Iran's Hijri calendar (a change to a
        month start there moves the programme), a hand correction for one year applied over it."""
        from agreement.hijri import IranHijriCalendar

        if not self.is_hijri_pinned:
            assert self.starts_on is not None  # the dating constraint: a first day or a Hijri day
            end = self.ends_on or self.starts_on
            if end < first or self.starts_on > last:
                return []
            return [Occurrence(self, self.starts_on, end, None)]
        assert self.hijri_month is not None and self.hijri_day is not None  # the dating constraint: both or neither
        hijri_calendar = hijri_calendar or IranHijriCalendar()
        corrections = {c.hijri_year: c for c in self.corrections.all()}
        found = []
        # From a year early: a programme of the previous Hijri year can last into the period.
        for hijri_year in hijri_calendar.years_between(first - dt.timedelta(days=self.length_days), last):
            correction = corrections.get(hijri_year)
            start = (
                correction.starts_on
                if correction
                else hijri_calendar.to_gregorian(hijri_year, self.hijri_month, self.hijri_day)
            )
            if start is None:
                continue
            end = start + dt.timedelta(days=self.length_days - 1)
            if end >= first and start <= last:
                month_start = hijri_calendar.month_start(hijri_year, self.hijri_month)
                estimated = correction is None and (month_start is None or month_start[1])
                found.append(
                    Occurrence(self, start, end, hijri_year, corrected=correction is not None, estimated=estimated)
                )
        return found


class Occurrence:
    """One placement of a programme on the calendar."""

    kind = "programme"

    def __init__(self, programme, starts_on, ends_on, hijri_year, corrected=False, estimated=False):
        self.programme = programme
        self.estimated = estimated  # the Hijri month's start in Iran is not confirmed yet
        self.starts_on = starts_on
        self.ends_on = ends_on
        self.hijri_year = hijri_year
        self.corrected = corrected

    @property
    def title(self) -> str:
        return self.programme.title

    @property
    def uid_key(self) -> str:
        """Stable across moves of the date: a Hijri occurrence is its programme's in one Hijri year, so a
        corrected month start in Iran's table updates the subscribed event instead of replacing it."""
        if self.hijri_year is not None:
            return f"{self.programme.pk}-h{self.hijri_year}"
        return f"{self.programme.pk}-{self.starts_on:%Y%m%d}"

    def __repr__(self):
        return f"<Occurrence {self.programme.title_fa} {self.starts_on}..{self.ends_on}>"


class ProgrammeCorrection(models.Model):
    """Iran's official lunar calendar can differ from the computed one by a day: an organiser
    sets the year's real first day by hand."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="corrections")
    hijri_year = models.PositiveSmallIntegerField(_("Hijri year"))
    starts_on = models.DateField(_("first day this year"))
    note = models.CharField(_("why"), max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("date correction")
        verbose_name_plural = _("date corrections")
        ordering = ["programme", "hijri_year"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "hijri_year"], name="programme_correction_once_per_year"),
        ]

    def __str__(self):
        return f"{self.programme} {self.hijri_year}"


def new_feed_token() -> str:
    return secrets.token_urlsafe(24)


class CalendarFeed(models.Model):
    """A person's private calendar feed: the token in its URL is the only key, so it can be reset."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed")
    token = models.CharField(max_length=64, default=new_feed_token, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords(excluded_fields=["token"])

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self):
        return str(self.user)

    def reset(self) -> None:
        self.token = new_feed_token()
        self.save(update_fields=["token"])


def end_feed_of_deactivated(sender, *, user, by=None, **kwargs) -> None:
    """A deactivated person's feed address stops working for good (people.services.account_deactivated):
    a reactivation does not bring the old one back."""
    feed = CalendarFeed.objects.filter(user=user).first()
    if feed is not None:
        record_history_user(feed, by)
        feed.reset()


def new_minutes_code() -> str:
    """The field's default (named in migration 0002): the one code of every issued document."""
    return new_verification_code()


def minutes_pdf_path(instance, filename):
    # Named after the document, never after anything a user typed.
    return f"minutes/{instance.minutes.meeting.agreement_id}/{instance.document_number}.pdf"


class IssuedMinutes(models.Model):
    """The PDF (صورتجلسه) of one version of the minutes in one language, issued when the first party
    approves it (its text and decisions are fixed from then on) and never rendered again: the
    first party's seal certifies it, each later approval adds its party's seal as an incremental
    update (committee/sealing.py, a background job: the timestamp authority is asked outside any
    lock). Stored with its SHA-256 (of the file as it stands) and a code printed on every page."""

    class Language(models.TextChoices):
        PERSIAN = "fa", _("Persian")
        ENGLISH = "en", _("English")

    class Sealing(models.TextChoices):
        PENDING = "pending", _("Sealing")
        DONE = "done", _("Up to date")

    minutes = models.ForeignKey(Minutes, on_delete=models.PROTECT, related_name="issued")
    language = models.CharField(_("language"), max_length=2, choices=Language)
    document_number = models.CharField(_("document number"), max_length=40)
    verification_code = models.CharField(_("verification code"), max_length=16, default=new_minutes_code)
    # Empty until the sealing job has laid out the document (a few seconds after the first approval).
    pdf = models.FileField(_("PDF"), upload_to=minutes_pdf_path, max_length=200, blank=True)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    size = models.PositiveIntegerField(_("size in bytes"), default=0)
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    issued_at = models.DateTimeField(_("issued at"))
    sealing = models.CharField(_("sealing"), max_length=8, choices=Sealing, default=Sealing.DONE)
    # How many of the version's approvals (in the order given) the file holds, and how many seals.
    approvals_sealed = models.PositiveSmallIntegerField(_("approvals in the file"), default=0)
    seals = models.PositiveSmallIntegerField(_("seals in the file"), default=0)
    sealing_since = models.DateTimeField(_("sealing since"), null=True, blank=True)
    sealing_tries = models.PositiveIntegerField(_("failed sealing tries"), default=0)
    sealing_error = models.TextField(_("last sealing error"), blank=True)
    history = HistoricalRecords(excluded_fields=["sealing_tries", "sealing_error"])

    class Meta:
        verbose_name = _("issued minutes")
        verbose_name_plural = _("issued minutes")
        ordering = ["minutes", "language"]
        constraints = [
            models.UniqueConstraint(fields=["minutes", "language"], name="minutes_issued_once_per_language"),
            models.UniqueConstraint(fields=["document_number"], name="issued_minutes_number_unique"),
            models.UniqueConstraint(fields=["verification_code"], name="issued_minutes_code_unique"),
            # Verification of an uploaded file looks the document up by its hash.
            models.UniqueConstraint(fields=["sha256"], condition=~Q(sha256=""), name="issued_minutes_sha256_unique"),
            models.CheckConstraint(condition=Q(language__in=["fa", "en"]), name="issued_minutes_language_is_known"),
            # No hash only while the sealing job has not laid the document out yet.
            models.CheckConstraint(
                condition=Q(sha256__regex=r"^[0-9a-f]{64}$") | (Q(sha256="") & Q(sealing="pending")),
                name="issued_minutes_sha256_is_hex",
            ),
            models.CheckConstraint(condition=Q(sealing__in=["pending", "done"]), name="issued_minutes_sealing_known"),
        ]
        indexes = [
            # The operators' list of documents still sealing (committee.sealing.stuck, the admin).
            models.Index(fields=["sealing_since"], condition=Q(sealing="pending"), name="issued_minutes_pending"),
        ]

    def __str__(self):
        return self.document_number

    @property
    def filename(self) -> str:
        return f"{self.document_number}.pdf"

    @property
    def is_laid_out(self) -> bool:
        return bool(self.sha256)

    def approval_state(self, parties=None) -> tuple[list, list]:
        """The parties whose approval the file holds, in order, and those it still awaits (the
        current version's other parties; none for a superseded version)."""
        approvals = sorted(self.minutes.approvals.all(), key=lambda a: (a.approved_at, a.pk))
        if parties is None:
            parties = [s.party for s in self.minutes.meeting.agreement.signatories.all()]
        sealed = [a.party for a in approvals[: self.approvals_sealed]]
        done = {p.pk for p in sealed}
        awaiting = [] if self.minutes.is_superseded else [p for p in parties if p.pk not in done]
        return sealed, awaiting

    @staticmethod
    def number_for(minutes, language: str) -> str:
        """'P1-J1403-2-V1-FA': agreement, meeting, minutes version and language, readable on paper."""
        meeting = minutes.meeting
        return f"P{meeting.agreement_id}-J{meeting.year}-{meeting.number}-V{minutes.version}-{language.upper()}"


def minutes_draft_path(instance, filename):
    return f"minutes-drafts/{instance.minutes_id}/{instance.pk}-{secrets.token_hex(8)}.pdf"


class MinutesDraftJob(models.Model):
    """A draft (DRAFT on every page) of one minutes version in one language, built by a background
    worker so that no reader's request lays out a PDF. Readers asking while one is being built join
    it. A derived file, not a record: no history (the minutes it is built from have theirs)."""

    class State(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RENDERING = "rendering", _("Rendering")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    minutes = models.ForeignKey(Minutes, on_delete=models.CASCADE, related_name="draft_jobs")
    language = models.CharField(_("language"), max_length=2, choices=IssuedMinutes.Language)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    state = models.CharField(_("state"), max_length=16, choices=State, default=State.QUEUED)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    failure = models.TextField(_("why it failed"), blank=True)
    draft = models.FileField(_("draft PDF"), upload_to=minutes_draft_path, max_length=200, blank=True)

    class Meta:
        verbose_name = _("minutes draft job")
        verbose_name_plural = _("minutes draft jobs")
        ordering = ["-requested_at"]
        constraints = [
            models.CheckConstraint(condition=Q(language__in=["fa", "en"]), name="minutes_draft_language_is_known"),
            models.CheckConstraint(
                condition=~Q(state="failed") | ~Q(failure=""), name="minutes_draft_failure_has_a_reason"
            ),
        ]
        indexes = [
            # The reader's "is one being built?" (committee.drafts.request_draft) and the page's latest.
            models.Index(fields=["minutes", "language", "state"], name="minutes_draft_lookup"),
        ]

    def __str__(self):
        return f"{self.minutes} {self.language} {self.state}"

    @property
    def is_finished(self) -> bool:
        return self.state in (self.State.DONE, self.State.FAILED)
