"""Realistic big data, fast: agreements with parties, people, commitments and years of reviewed entries.

`manage.py generate_scale_data` is the front door. It lives in monitoring because the data it makes
reaches down to every layer below (agreements, commitments and entries, reviews, evaluations) and
nothing above.

Small tables (parties, agreements, people, commitments) go through `bulk_create_with_history`, so
they are audited like everything else. The big ones (entries, review decisions, evidence,
evaluations) are written with primary keys chosen here, by `COPY` on PostgreSQL (psycopg 3's
`cursor.copy`) and by `executemany` elsewhere, in chunks, without history rows: they never changed,
so there is nothing to audit, and a history row each would double the time and the size. Evidence rows
point at one placeholder path (`EVIDENCE_PLACEHOLDER`); no file is written, so downloading one fails.
The stored progress figures are rebuilt at the end by the one rule (`rebuild_progress`).
"""

import datetime as dt
import random
import time
import typing
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.management.color import no_style
from django.db import connection, models, transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from agreement.jalali import Quarter
from agreement.models import Agreement, CommitteeMember, County, Membership, Party, Signatory
from agreement.persian import to_persian_digits
from monitoring.models import Evaluation, Rating
from obligations.models import Commitment, Evidence, ProgressEntry, Review, Status

PASSWORD = "peyman-scale"  # every generated person's password, so a load test can sign in
EVIDENCE_PLACEHOLDER = "evidence/scale/placeholder.pdf"
CHUNK = 20_000  # entries written per round trip (with their reviews and evidence)

COUNTIES = [
    ("qazvin", "قزوین", "Qazvin"),
    ("takestan", "تاکستان", "Takestan"),
    ("alborz", "البرز", "Alborz"),
    ("buin-zahra", "بوئین‌زهرا", "Buin Zahra"),
    ("abyek", "آبیک", "Abyek"),
    ("avaj", "آوج", "Avaj"),
]
VILLAGES = ["اسماعیل‌آباد", "زرآباد", "معلم‌کلایه", "اقبالیه", "شریف‌آباد", "خرمدشت", "سیردان", "رازمیان"]
TOPICS = [
    ("پوشش بیمه روستاییان نیازمند", "insurance cover for rural families in need", "خانوار", "households"),
    ("ساخت و تعمیر مسکن محرومان", "building and repairing homes of the poor", "واحد", "homes"),
    ("اشتغال مددجویان در طرح‌های خرد", "jobs for clients in micro-projects", "نفر", "people"),
    ("جمع‌آوری زکات در روستاها", "collecting zakat in the villages", "میلیون ریال", "million rials"),
    ("برگزاری دوره‌های آموزشی دهیاران", "training courses for village heads", "دوره", "courses"),
    ("پرداخت کمک‌هزینه تحصیلی", "paying study grants", "دانش‌آموز", "pupils"),
    ("تشکیل جلسات هماهنگی شهرستانی", "county coordination meetings", "جلسه", "meetings"),
]
NARRATIVES = [
    "بازدید میدانی از {village} انجام شد و فهرست خانواده‌های واجد شرایط تکمیل گردید.",
    "جلسه هماهنگی با دهیار {village} برگزار و صورتجلسه به امضای طرفین رسید.",
    "مرحله دوم اجرا در {village} به پایان رسید؛ مستندات پیوست است.",
    "به دلیل تأخیر در تأمین اعتبار، کار در {village} با کندی پیش رفت.",
    "گزارش مالی سه‌ماهه برای {village} تهیه و به دبیرخانه ارسال شد.",
]
RETURN_COMMENTS = [
    "مستندات پیوست با شرح گزارش هم‌خوانی ندارد؛ لطفاً اصلاح کنید.",
    "تعداد خانوار گزارش‌شده با فهرست پیوست برابر نیست.",
    "تاریخ انجام کار پس از تاریخ ثبت است؛ لطفاً بازبینی شود.",
]
ASSESSMENTS = [
    "پیشرفت در شهرستان‌های هدف مطابق برنامه است؛ مستندات کامل ارائه شده است.",
    "فعالیت‌ها آغاز شده ولی گزارش مالی و فهرست خانواده‌ها هنوز ارسال نشده است.",
    "کار در این سه‌ماهه متوقف بوده و نیاز به پیگیری کمیته مشترک دارد.",
]
# The reported status of an entry, by weight (the latest entry's status is the commitment's).
STATUS_WEIGHTS = [
    (Status.IN_PROGRESS, 75),
    (Status.AT_RISK, 10),
    (Status.BLOCKED, 5),
    (Status.NOT_STARTED, 5),
    (Status.COMPLETED, 5),
]
RECENT = dt.timedelta(days=45)  # younger entries are mostly still awaiting review


class ScaleDataExists(Exception):
    """The seed's agreements are already there; a second run would collide with them."""


@dataclass
class Made:
    """How many rows of each kind one run wrote."""

    counts: dict[str, int] = field(default_factory=dict)

    def add(self, name: str, number: int) -> None:
        self.counts[name] = self.counts.get(name, 0) + number


class _Table:
    """Writes rows of one model with primary keys chosen by the caller: COPY on PostgreSQL."""

    def __init__(self, model: type[models.Model], names: list[str]):
        self.model = model
        # The caller names concrete columns, never a reverse relation or a generic key.
        self.fields = [typing.cast(models.Field, model._meta.get_field(name)) for name in names]
        quote = connection.ops.quote_name
        self.table = quote(model._meta.db_table)
        self.columns = ", ".join(quote(f.column) for f in self.fields)

    def next_pk(self) -> int:
        return (self.model._base_manager.aggregate(top=models.Max("pk"))["top"] or 0) + 1

    def write(self, rows: list[tuple]) -> None:
        if not rows:
            return
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                with cursor.cursor.copy(f"COPY {self.table} ({self.columns}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
            else:
                placeholders = ", ".join(["%s"] * len(self.fields))
                prepared = [
                    [f.get_db_prep_save(value, connection) for f, value in zip(self.fields, row, strict=True)]
                    for row in rows
                ]
                cursor.executemany(f"INSERT INTO {self.table} ({self.columns}) VALUES ({placeholders})", prepared)


ENTRY_FIELDS = [
    "id",
    "commitment",
    "author",
    "party",
    "created_at",
    "happened_on",
    "reported_status",
    "percent_complete",
    "quantity",
    "narrative",
    "county",
    "village",
    "review_state",
    "reviewed_by",
    "reviewed_at",
    "review_comment",
    "edited_at",
    "withdrawn_at",
    "withdrawn_reason",
    "version",
    "submission_key",
]
REVIEW_FIELDS = ["id", "entry", "actor", "decision", "comment", "created_at"]
EVIDENCE_FIELDS = [
    "id",
    "entry",
    "file",
    "original_name",
    "size",
    "content_type",
    "sha256",
    "uploaded_by",
    "uploaded_at",
]
EVALUATION_FIELDS = ["id", "commitment", "year", "quarter", "rating", "assessment", "evaluated_by", "evaluated_at"]


@dataclass
class _Cast:
    """One generated agreement's people and places, as ids, for the entry generator."""

    agreement: Agreement
    party_ids: dict[str, int]  # "A" (monitoring) and "B"
    staff: dict[str, list[int]]  # label -> user ids that log progress
    monitors: list[int]
    county_ids: list[int]


def generate(
    *,
    agreements: int,
    entries: int,
    seed: int,
    years: float = 6.0,
    commitments: int = 20,
    now: dt.datetime | None = None,
    log: Callable[[str], None] = lambda message: None,
) -> Made:
    """Create `agreements` agreements and `entries` entries spread over them and over `years` years.

    Deterministic for a seed (apart from timestamps when `now` is not given); refuses to run twice
    with one seed. One transaction: a failed run leaves nothing behind.
    """
    if agreements < 1 or entries < 0 or commitments < 2 or years <= 0:
        raise ValueError("Need at least one agreement, two commitments each, no negative entries, years > 0.")
    now = now or timezone.now()
    prefix = f"scale-{seed}-"
    if Agreement.objects.filter(reference__startswith=prefix).exists():
        raise ScaleDataExists(f"Agreements {prefix}* already exist; pick another --seed.")
    rng = random.Random(seed)
    made = Made()
    started = time.perf_counter()
    say = log
    log = lambda message: say(f"[{time.perf_counter() - started:6.1f} s] {message}")  # noqa: E731
    with transaction.atomic():
        if connection.vendor == "postgresql":
            # Primary keys are chosen here: nobody else may insert into these tables meanwhile.
            tables = [m._meta.db_table for m in (ProgressEntry, Review, Evidence, Evaluation)]
            with connection.cursor() as cursor:
                cursor.execute(f"LOCK TABLE {', '.join(tables)} IN SHARE ROW EXCLUSIVE MODE")
        casts = [_create_agreement(rng, seed, number, years, commitments, now, made) for number in range(agreements)]
        log(f"{agreements} agreements, {made.counts['commitments']} commitments, {made.counts['people']} people.")
        _create_entries(rng, casts, entries, now, made, log)
        _create_evaluations(rng, casts, now, made)
        log(f"{made.counts['evaluations']:,} evaluations written.")
        _reset_sequences()
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                for model in (ProgressEntry, Review, Evidence, Evaluation):
                    cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")
        log("Rows written; rebuilding the stored progress figures.")
        made.add(
            "progress_rebuilt",
            Commitment.all_kinds.filter(agreement__in=[c.agreement for c in casts]).rebuild_progress(),
        )
        log("Progress figures rebuilt.")
    return made


def _create_agreement(rng, seed, number, years, commitments, now, made) -> _Cast:
    today = timezone.localdate(now)
    signed_on = today - dt.timedelta(days=int(years * 365.25) + rng.randrange(0, 30))
    ordinal = to_persian_digits(str(number + 1))
    agreement = bulk_create_with_history(
        [
            Agreement(
                reference=f"scale-{seed}-{number + 1:03d}",
                title_fa=f"تفاهم‌نامه همکاری آزمایشی شماره {ordinal}",
                title_en=f"Test cooperation agreement no. {number + 1}",
                signed_on=signed_on,
                starts_on=signed_on,
                purpose_fa="داده ساختگی برای سنجش مقیاس.",
                purpose_en="Generated data for measuring scale.",
                status=Agreement.Status.IN_FORCE,
            )
        ],
        Agreement,
    )[0]
    parties = bulk_create_with_history(
        [
            Party(
                code=f"s{seed}-{number + 1}-{label.lower()}",
                name_fa=f"{name_fa} {ordinal}",
                name_en=f"{name_en} {number + 1}",
                short_name_fa=name_fa,
                short_name_en=name_en,
            )
            for label, name_fa, name_en in (
                ("A", "کمیته امداد", "Relief Committee"),
                ("B", "دفتر امور روستایی", "Rural Affairs Office"),
            )
        ],
        Party,
    )
    party_ids = {"A": parties[0].pk, "B": parties[1].pk}
    bulk_create_with_history(
        [
            Signatory(
                agreement=agreement,
                party=party,
                label=label,
                signatory_name_fa="امضاکننده",
                signatory_name_en="Signatory",
                signatory_title_fa="مدیرکل",
                signatory_title_en="Director general",
                is_monitoring_party=label == "A",
            )
            for label, party in zip("AB", parties, strict=True)
        ],
        Signatory,
    )
    counties = bulk_create_with_history(
        [
            County(agreement=agreement, code=code, name_fa=fa, name_en=en, position=position)
            for position, (code, fa, en) in enumerate(rng.sample(COUNTIES, 4))
        ],
        County,
    )
    made.add("agreements", 1)
    made.add("parties", 2)
    made.add("counties", len(counties))

    # People: staff log progress, a focal point and a viewer per party, monitors of party A, and a
    # committee member from each side (a viewer with a seat).
    roles = {
        "A": [("staff", 2), ("focal_point", 1), ("monitor", 2), ("viewer", 1), ("committee", 1)],
        "B": [("staff", 3), ("focal_point", 1), ("viewer", 1), ("committee", 1)],
    }
    password = _password_hash()
    user_model = get_user_model()
    people = []
    for label, wanted in roles.items():
        for role, count in wanted:
            for index in range(1, count + 1):
                username = f"s{seed}-{number + 1:03d}-{label.lower()}-{role.replace('_', '-')}{index}"
                people.append(
                    (label, role, user_model(username=username, email=f"{username}@example.org", password=password))
                )
    users = user_model.objects.bulk_create([user for _, _, user in people])
    bulk_create_with_history(
        [
            Membership(
                user=user,
                party_id=party_ids[label],
                role=Membership.Role.VIEWER if role == "committee" else role,
            )
            for (label, role, _), user in zip(people, users, strict=True)
        ],
        Membership,
    )
    bulk_create_with_history(
        [
            CommitteeMember(agreement=agreement, user=user)
            for (_, role, _), user in zip(people, users, strict=True)
            if role == "committee"
        ],
        CommitteeMember,
    )
    made.add("people", len(users))

    # Commitments: most owed by B, some by A, the last one joint; half measure a quantity.
    rows = []
    counters = {"A": 0, "B": 0}
    for position in range(commitments):
        if position == commitments - 1:
            label, code = "", "J1"  # joint: no owning party
        else:
            label = "A" if position % 4 == 3 else "B"
            counters[label] += 1
            code = f"{label}{counters[label]}"
        topic_fa, topic_en, unit_fa, unit_en = TOPICS[position % len(TOPICS)]
        measured = position % 2 == 0
        level = measured and position % 6 == 4
        rows.append(
            Commitment(
                agreement=agreement,
                owner_id=party_ids[label] if label else None,
                number=code,
                position=position,
                text_fa=f"{topic_fa} (بند {to_persian_digits(code)})",
                text_en=f"{topic_en.capitalize()} ({code})",
                due_on=signed_on + dt.timedelta(days=rng.randrange(365, int(years * 365.25) + 730)),
                indicator_unit_fa=unit_fa if measured else "",
                indicator_unit_en=unit_en if measured else "",
                indicator_baseline=Decimal(rng.randrange(0, 40)) if level else None,
                indicator_target=Decimal(rng.choice([80, 100, 500, 1200, 5000])) if measured else None,
                indicator_kind="level" if level else "cumulative",
            )
        )
    made.add("commitments", len(bulk_create_with_history(rows, Commitment)))
    staff = {
        label: [
            user.pk
            for (lab, role, _), user in zip(people, users, strict=True)
            if lab == label and role in ("staff", "focal_point")
        ]
        for label in ("A", "B")
    }
    monitors = [user.pk for (_, role, _), user in zip(people, users, strict=True) if role == "monitor"]
    return _Cast(agreement, party_ids, staff, monitors, [c.pk for c in counties])


_hash_cache: dict[str, str] = {}


def _password_hash() -> str:
    # One hash for everybody: the production hasher costs a third of a second a person.
    if PASSWORD not in _hash_cache:
        _hash_cache[PASSWORD] = make_password(PASSWORD)
    return _hash_cache[PASSWORD]


def _create_entries(rng, casts, total, now, made, log) -> None:
    entry_table = _Table(ProgressEntry, ENTRY_FIELDS)
    review_table = _Table(Review, REVIEW_FIELDS)
    evidence_table = _Table(Evidence, EVIDENCE_FIELDS)
    entry_pk, review_pk, evidence_pk = entry_table.next_pk(), review_table.next_pk(), evidence_table.next_pk()
    # Every commitment of every generated agreement, some busier than others.
    targets = []
    for cast in casts:
        for commitment in Commitment.all_kinds.filter(agreement=cast.agreement).order_by("pk"):
            targets.append((cast, commitment))
    weights = [rng.uniform(0.2, 2.0) for _ in targets]
    sha = "0" * 64
    entries, reviews, evidence = [], [], []
    for index in range(total):
        cast, commitment = rng.choices(targets, weights)[0]
        start = cast.agreement.signed_on
        span = max((timezone.localdate(now) - start).days, 1)
        happened_on = start + dt.timedelta(days=rng.randrange(span))
        created_at = min(
            dt.datetime.combine(happened_on, dt.time(rng.randrange(7, 17), rng.randrange(60)), tzinfo=dt.UTC)
            + dt.timedelta(days=rng.choice([0, 0, 1, 2, 5])),
            now - dt.timedelta(minutes=1),
        )
        label = (
            rng.choice("AB")
            if commitment.owner_id is None
            else ("A" if commitment.owner_id == cast.party_ids["A"] else "B")
        )
        author = rng.choice(cast.staff[label])
        status = rng.choices([s for s, _ in STATUS_WEIGHTS], [w for _, w in STATUS_WEIGHTS])[0]
        elapsed = (happened_on - start).days / span
        percent = (
            None if commitment.indicator_target is not None else min(100, int(elapsed * 100) + rng.randrange(-5, 6))
        )
        percent = None if percent is None else max(0, percent)
        quantity = _quantity(rng, commitment, elapsed)
        village = rng.choice(VILLAGES)
        # Older entries have mostly been reviewed; the first four cover every state whatever the size.
        forced = ["returned", "submitted", "accepted", "withdrawn"][index] if index < 4 else None
        young = now - created_at < RECENT
        state = forced or rng.choices(["submitted", "accepted", "returned"], [70, 25, 5] if young else [4, 91, 5])[0]
        withdrawn = forced == "withdrawn" or (forced is None and rng.random() < 0.01)
        if withdrawn:
            state = "submitted"
        reviewed_by = reviewed_at = None
        comment = ""
        if state != "submitted":
            reviewed_by = rng.choice(cast.monitors)
            reviewed_at = min(created_at + dt.timedelta(days=rng.randrange(1, 20), hours=rng.randrange(8)), now)
            if state == "returned":
                comment = rng.choice(RETURN_COMMENTS)
                reviews.append((review_pk, entry_pk, reviewed_by, "returned", comment, reviewed_at))
                review_pk += 1
            else:
                if rng.random() < 0.05:  # returned once, fixed, then accepted: three decisions kept
                    first = created_at + (reviewed_at - created_at) / 3
                    reviews.append((review_pk, entry_pk, reviewed_by, "returned", rng.choice(RETURN_COMMENTS), first))
                    reviews.append(
                        (review_pk + 1, entry_pk, author, "resubmitted", "", first + (reviewed_at - first) / 2)
                    )
                    review_pk += 2
                reviews.append((review_pk, entry_pk, reviewed_by, "accepted", "", reviewed_at))
                review_pk += 1
        entries.append(
            (
                entry_pk,
                commitment.pk,
                author,
                cast.party_ids[label],
                created_at,
                happened_on,
                status,
                percent,
                quantity,
                rng.choice(NARRATIVES).format(village=village),
                rng.choice(cast.county_ids),
                village,
                state,
                reviewed_by,
                reviewed_at,
                comment,
                None,
                created_at + dt.timedelta(hours=3) if withdrawn else None,
                "ثبت تکراری؛ گزارش درست جداگانه ثبت شد." if withdrawn else "",
                1,
                uuid.UUID(int=rng.getrandbits(128), version=4),
            )
        )
        if rng.random() < 0.3:
            evidence.append(
                (
                    evidence_pk,
                    entry_pk,
                    EVIDENCE_PLACEHOLDER,
                    "گزارش تصویری.pdf",
                    48_213,
                    "application/pdf",
                    sha,
                    author,
                    created_at,
                )
            )
            evidence_pk += 1
        entry_pk += 1
        if len(entries) >= CHUNK:
            _flush(entry_table, entries, review_table, reviews, evidence_table, evidence, made)
            log(f"  {made.counts['entries']:,} entries written")
    _flush(entry_table, entries, review_table, reviews, evidence_table, evidence, made)


def _quantity(rng, commitment, elapsed: float) -> Decimal | None:
    target = commitment.indicator_target
    if target is None:
        return None
    if commitment.indicator_kind == "level":
        baseline = commitment.indicator_baseline or Decimal(0)
        value = baseline + (target - baseline) * Decimal(str(round(elapsed, 2))) + rng.randrange(-3, 4)
        return max(Decimal(0), value).quantize(Decimal("0.01"))
    # Small additions: a commitment with many entries passes its target, as real ones sometimes do.
    return (target / 200 * Decimal(rng.randrange(1, 300)) / 100).quantize(Decimal("0.01"))


def _flush(entry_table, entries, review_table, reviews, evidence_table, evidence, made) -> None:
    entry_table.write(entries)
    review_table.write(reviews)
    evidence_table.write(evidence)
    made.add("entries", len(entries))
    made.add("reviews", len(reviews))
    made.add("evidence", len(evidence))
    entries.clear()
    reviews.clear()
    evidence.clear()


def _create_evaluations(rng, casts, now, made) -> None:
    """Most commitments evaluated in most ended quarters since signing."""
    table = _Table(Evaluation, EVALUATION_FIELDS)
    pk = table.next_pk()
    today = timezone.localdate(now)
    rows = []
    for cast in casts:
        quarters = [q for q in Quarter.of_agreement(cast.agreement, today) if q.has_ended(today)]
        for commitment_pk in (
            Commitment.all_kinds.filter(agreement=cast.agreement).order_by("pk").values_list("pk", flat=True)
        ):
            for quarter in quarters:
                if rng.random() < 0.85:
                    evaluated_at = min(
                        dt.datetime.combine(quarter.last_day + dt.timedelta(days=10), dt.time(9), tzinfo=dt.UTC), now
                    )
                    rows.append(
                        (
                            pk,
                            commitment_pk,
                            quarter.year,
                            quarter.number,
                            rng.choice(Rating.values),
                            rng.choice(ASSESSMENTS),
                            rng.choice(cast.monitors),
                            evaluated_at,
                        )
                    )
                    pk += 1
    table.write(rows)
    made.add("evaluations", len(rows))


def _reset_sequences() -> None:
    """Move the id sequences past the ids chosen here (nothing to do on SQLite)."""
    statements = connection.ops.sequence_reset_sql(no_style(), [ProgressEntry, Review, Evidence, Evaluation])
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def summary(made: Made) -> Iterable[str]:
    for name, number in made.counts.items():
        yield f"{name}: {number:,}"
