"""The data a quarterly report is built from, as a JSON-serialisable dict.

The PDF is rendered from this snapshot alone, and an issued report stores it next to the PDF, so
anyone can later see exactly which numbers the document was made of. Everything is computed as
of the quarter's last day (a draft of the running quarter: as of today), in the report's
language, with a fixed number of queries whatever the size of the agreement.

The body stays the same size whatever the number of entries: per commitment the quarter's counts
and figures, the assessment and the latest few accepted entries; the appendix only the quarter's
entries still awaiting review or returned (at most APPENDIX_LIMIT of them). Nothing is lost: every
entry of the quarter is in `quarter_entries`, which travels inside the PDF as CSV and XLSX files
(reports.attachments).
"""

import datetime as dt
from collections import Counter
from decimal import Decimal

from django.conf import settings
from django.db.models import Count, Exists, F, OuterRef, Q, Subquery, Window
from django.db.models.functions import RowNumber
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from agreement.formatting import display_number, list_separator, person_name
from agreement.jalali import Quarter
from agreement.models import Agreement
from amendments.models import Amendment, wordings_as_at
from committee.reporting import quarter_section
from monitoring.models import Evaluation, Rating
from obligations.models import Commitment, ProgressEntry, Status
from obligations.progress import RULE_SENTENCE, mean_percent

# 2: verified and reported progress by the one rule, the quarter's label
# 3: bounded body (entry counts, latest accepted entries), the quarter's appendix, quarter_entries
SCHEMA_VERSION = 3
LATEST_ACCEPTED = 3  # accepted entries shown under each commitment; the rest are in the attachments
APPENDIX_LIMIT = 100  # rows of the appendix; a quarter with more says how many are only attached
JOINT = "joint"


def build_snapshot(agreement: Agreement, period: Quarter, language: str, *, now: dt.datetime | None = None) -> dict:
    """Everything the report shows, with dates as ISO strings and labels in `language`."""
    now = now or timezone.now()
    with translation.override(language):
        return _Builder(agreement, period, language, now).build()


def _changed_number(change) -> str:
    return change.commitment.number if change.commitment else change.values_after.get("number", "")


def _as_of_end(day: dt.date) -> dt.datetime:
    """The last instant of a calendar day in the app's time zone."""
    return timezone.make_aware(dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min))


def commitments_as_of(agreement: Agreement, period: Quarter, as_of: dt.date):
    """The agreement's commitments with the progress rule applied as of `as_of` and as of the
    previous quarter's end (prefix `before_`): the same rule as every page (obligations.progress)."""
    previous_end = period.previous().last_day
    as_of_end = _as_of_end(as_of)
    cutoff = as_of_end - dt.timedelta(days=settings.PEYMAN_STALE_AFTER_DAYS)
    recent = ProgressEntry.objects.filter(
        commitment=OuterRef("pk"), withdrawn_at__isnull=True, created_at__gte=cutoff, created_at__lt=as_of_end
    )
    last_logged = (
        ProgressEntry.objects.filter(commitment=OuterRef("pk"), withdrawn_at__isnull=True, created_at__lt=as_of_end)
        .order_by("-created_at")
        .values("created_at")[:1]
    )
    return (
        Commitment.objects.filter(agreement=agreement)
        .select_related("owner")
        .with_progress(as_of=as_of)
        .with_progress(as_of=previous_end, prefix="before_")
        .annotate(logged_recently=Exists(recent), last_logged_at=Subquery(last_logged))
        .order_by("position", "number")
    )


def completeness_figures(agreement: Agreement, period: Quarter, as_of: dt.date) -> dict:
    """What a report says about its own completeness: the one source for the report's cover and the
    page where the monitor confirms issuing it. Entries counted are the quarter's (up to `as_of`)."""
    evaluation = Evaluation.objects.filter(commitment=OuterRef("pk"), year=period.year, quarter=period.number)
    commitments = list(
        Commitment.objects.filter(agreement=agreement)
        .order_by("position", "number")
        .values_list("number", Exists(evaluation))
    )
    pending = quarter_entries(agreement, period, as_of).filter(withdrawn_at__isnull=True)
    return {
        "commitments": len(commitments),
        "unevaluated": [number for number, evaluated in commitments if not evaluated],
        **pending.aggregate(
            awaiting_review=Count("pk", filter=Q(review_state=ProgressEntry.ReviewState.SUBMITTED)),
            returned=Count("pk", filter=Q(review_state=ProgressEntry.ReviewState.RETURNED)),
        ),
    }


def quarter_entries(agreement: Agreement, period: Quarter, as_of: dt.date):
    """The agreement's entries whose work was done in the quarter (up to the as-of day)."""
    return ProgressEntry.objects.filter(commitment__agreement=agreement, happened_on__range=(period.first_day, as_of))


def _iso(value) -> str | None:
    return value.isoformat() if value is not None else None


def _number(value) -> str | None:
    """Decimals as plain strings ('12.5', '40'): JSON has no decimal type and floats would drift."""
    if value is None:
        return None
    return f"{Decimal(value).normalize():f}"


class _Builder:
    def __init__(self, agreement: Agreement, period: Quarter, language: str, now: dt.datetime):
        self.agreement = agreement
        self.period = period
        self.language = language
        self.now = now
        self.as_of = min(period.last_day, timezone.localdate(now))

    def build(self) -> dict:
        signatories = list(self.agreement.signatories.select_related("party").order_by("label"))
        commitments = list(commitments_as_of(self.agreement, self.period, self.as_of))
        # The wording in force at the quarter's end, whatever later addenda changed (amendments).
        self.wordings = {w.commitment.pk: w for w in wordings_as_at(commitments, self.as_of)}
        commitments = [c for c in commitments if self.wordings[c.pk].exists]
        evaluations = self._evaluations()
        latest = self._latest_accepted()
        counts = self._entry_counts()
        rows = [self._commitment_row(c, evaluations, latest.get(c.pk, []), counts.get(c.pk, {})) for c in commitments]
        sections = self._sections(signatories, commitments, rows)
        appendix = self._appendix()
        completeness = completeness_figures(self.agreement, self.period, self.as_of)
        return {
            "schema": SCHEMA_VERSION,
            "language": self.language,
            "generated_at": self.now.isoformat(),
            "as_of": self.as_of.isoformat(),
            "progress_rule": str(RULE_SENTENCE),
            "agreement": {
                "reference": self.agreement.reference,
                "title": self.agreement.title,
                "purpose": self.agreement.purpose,
                "signed_on": self.agreement.signed_on.isoformat(),
            },
            "parties": [
                {
                    "label": s.label,
                    "name": s.party.name,
                    "short_name": s.party.short_name,
                    "signatory_name": s.signatory_name,
                    "signatory_title": s.signatory_title,
                    "monitoring": s.is_monitoring_party,
                }
                for s in signatories
            ],
            "quarter": self._quarter(self.period),
            "previous_quarter": self._quarter(self.period.previous()),
            "summary": self._summary(sections, rows),
            "sections": sections,
            "appendix": appendix,
            "appendix_total": completeness["awaiting_review"] + completeness["returned"],
            # Every entry of the quarter, in every state: the PDF's attached CSV and XLSX files.
            "quarter_entries": self._quarter_entries(),
            # What the report says about its own completeness (and issuing asks to acknowledge).
            "completeness": completeness,
            # The joint committee's meetings in the quarter and the state of its decisions (J1).
            "committee": quarter_section(
                self.agreement, self.period.first_day, self.as_of, persian=self.language == "fa"
            ),
            # The addenda that took effect in the quarter.
            "amendments": self._amendments(),
        }

    def _amendments(self) -> list[dict]:
        amendments = Amendment.objects.filter(agreement=self.agreement).taking_effect_between(
            self.period.first_day, self.period.last_day
        )
        return [
            {
                "number": a.number,
                "signed_on": _iso(a.signed_on),
                "effective_on": _iso(a.effective_on),
                "rationale": a.rationale,
                "changes": list_separator().join(
                    f"{change.get_action_display()} {display_number(_changed_number(change))}"
                    for change in a.changes.select_related("commitment").order_by("position")
                ),
            }
            for a in amendments
        ]

    def _quarter(self, period: Quarter) -> dict:
        return {
            "code": str(period),
            "label": period.label,
            "year": period.year,
            "number": period.number,
            "first_day": period.first_day.isoformat(),
            "last_day": period.last_day.isoformat(),
        }

    def _evaluations(self) -> dict:
        """{(commitment id, (year, quarter)): evaluation} for this quarter and the previous one."""
        previous = self.period.previous()
        wanted = Q(year=self.period.year, quarter=self.period.number) | Q(year=previous.year, quarter=previous.number)
        found = Evaluation.objects.filter(wanted, commitment__agreement=self.agreement).select_related("evaluated_by")
        return {(e.commitment_id, (e.year, e.quarter)): e for e in found}

    def _in_quarter(self):
        return quarter_entries(self.agreement, self.period, self.as_of)

    def _latest_accepted(self) -> dict:
        """{commitment id: its LATEST_ACCEPTED newest accepted entries of the quarter}, in one query."""
        found = (
            self._in_quarter()
            .filter(withdrawn_at__isnull=True, review_state=ProgressEntry.ReviewState.ACCEPTED)
            .annotate(
                rank=Window(
                    RowNumber(),
                    partition_by=[F("commitment_id")],
                    order_by=[F("happened_on").desc(), F("created_at").desc(), F("pk").desc()],
                )
            )
            .filter(rank__lte=LATEST_ACCEPTED)
            .select_related("county")
            .prefetch_related("evidence")
            .order_by("commitment_id", "rank")
        )
        by_commitment: dict[int, list] = {}
        for entry in found:
            by_commitment.setdefault(entry.commitment_id, []).append(entry)
        return by_commitment

    def _entry_counts(self) -> dict:
        """{commitment id: the quarter's entries by review state, and the accepted ones' evidence}."""
        live = Q(withdrawn_at__isnull=True)
        accepted = live & Q(review_state=ProgressEntry.ReviewState.ACCEPTED)
        rows = (
            self._in_quarter()
            .order_by()
            .values("commitment_id")
            .annotate(
                accepted=Count("pk", filter=accepted, distinct=True),
                awaiting=Count("pk", filter=live & Q(review_state=ProgressEntry.ReviewState.SUBMITTED), distinct=True),
                returned=Count("pk", filter=live & Q(review_state=ProgressEntry.ReviewState.RETURNED), distinct=True),
                withdrawn=Count("pk", filter=Q(withdrawn_at__isnull=False), distinct=True),
                evidence=Count("evidence", filter=accepted),
            )
        )
        return {row.pop("commitment_id"): row for row in rows}

    def _commitment_row(self, commitment, evaluations: dict, entries: list, counts: dict) -> dict:
        status = commitment.reported_status or Status.NOT_STARTED
        completed = status == Status.COMPLETED
        current = evaluations.get((commitment.pk, (self.period.year, self.period.number)))
        before = evaluations.get((commitment.pk, (self.period.previous().year, self.period.previous().number)))
        evidence = [
            {"name": item.original_name, "size": item.size, "sha256": item.sha256, "happened_on": _iso(day)}
            for entry, day in ((entry, entry.happened_on) for entry in entries)
            for item in entry.evidence.all()
        ]
        last_logged = timezone.localdate(commitment.last_logged_at) if commitment.last_logged_at else None
        wording = self.wordings[commitment.pk]
        return {
            "number": wording.number,
            "group": JOINT if commitment.is_joint else commitment.owner_id,
            "text": wording.text,
            "withdrawn": wording.withdrawn_by is not None,
            "status": status,
            "status_label": str(Status(status).label),
            "percent": commitment.reported_percent,
            "verified_percent": commitment.verified_percent,
            "previous_percent": commitment.before_verified_percent,
            "indicator": self._indicator(commitment) if commitment.has_indicator else None,
            "due_on": _iso(commitment.due_on),
            "overdue": bool(commitment.due_on and commitment.due_on < self.as_of and not completed),
            "stale": not completed and not commitment.logged_recently,
            "last_logged_on": _iso(last_logged),
            "evaluation": self._evaluation(current),
            "previous_rating": before.rating if before else None,
            "previous_rating_label": before.get_rating_display() if before else None,
            # The newest accepted entries only (all of them are in the attachments), with the counts.
            "entries": [self._entry(entry) for entry in entries],
            "evidence": evidence,
            "counts": {
                key: counts.get(key, 0) for key in ("accepted", "awaiting", "returned", "withdrawn", "evidence")
            },
        }

    def _indicator(self, commitment) -> dict:
        return {
            "unit": commitment.indicator_unit,
            "baseline": _number(commitment.indicator_baseline),
            "target": _number(commitment.indicator_target),
            "kind": commitment.indicator_kind,
            "kind_label": commitment.get_indicator_kind_display(),
            "achieved": _number(commitment.reported_value or 0),
            "verified": _number(commitment.verified_value or 0),
        }

    def _evaluation(self, evaluation) -> dict | None:
        if evaluation is None:
            return None
        return {
            "rating": evaluation.rating,
            "rating_label": evaluation.get_rating_display(),
            "assessment": evaluation.assessment,
            "evaluated_by": person_name(evaluation.evaluated_by),
            "evaluated_at": evaluation.evaluated_at.isoformat(),
        }

    def _entry(self, entry) -> dict:
        return {
            "happened_on": entry.happened_on.isoformat(),
            "narrative": entry.narrative,
            "county": entry.county.name if entry.county_id else "",
            "village": entry.village,
            "percent": entry.percent_complete,
            "quantity": _number(entry.quantity),
        }

    def _sections(self, signatories, commitments, rows) -> list[dict]:
        groups = [(s.party_id, s.party.name, s.label) for s in signatories]
        if any(c.is_joint for c in commitments):
            groups.append((JOINT, _("Joint commitments"), ""))
        sections = []
        for key, title, label in groups:
            members = [row for row in rows if row["group"] == key]
            if members:
                sections.append({"key": str(key), "title": title, "label": label, "commitments": members})
        return sections

    def _summary(self, sections: list[dict], rows: list[dict]) -> dict:
        statuses = Counter(row["status"] for row in rows)
        ratings = Counter(row["evaluation"]["rating"] if row["evaluation"] else None for row in rows)
        return {
            "overall": self._progress(_("All commitments"), rows),
            "groups": [self._progress(section["title"], section["commitments"]) for section in sections],
            "by_status": [
                {"key": value, "label": str(label), "count": statuses.get(value, 0)} for value, label in Status.choices
            ],
            "by_rating": [
                {"key": value, "label": str(label), "count": ratings.get(value, 0)} for value, label in Rating.choices
            ]
            + [{"key": "none", "label": _("Not evaluated"), "count": ratings.get(None, 0)}],
            "overdue": [self._flagged(row) for row in rows if row["overdue"]],
            "stale": [self._flagged(row) for row in rows if row["stale"]],
            "accepted_entries": sum(row["counts"]["accepted"] for row in rows),
            "rating_changes": self._rating_changes(rows),
        }

    def _progress(self, title: str, rows: list[dict]) -> dict:
        verified = mean_percent(row["verified_percent"] for row in rows)
        before = mean_percent(row["previous_percent"] for row in rows)
        return {
            "title": title,
            "count": len(rows),
            "completed": sum(1 for row in rows if row["status"] == Status.COMPLETED),
            "percent": mean_percent(row["percent"] for row in rows),
            "verified_percent": verified,
            "previous_percent": before,
            "change": verified - before,
        }

    def _flagged(self, row: dict) -> dict:
        return {
            "number": row["number"],
            "text": row["text"],
            "due_on": row["due_on"],
            "last_logged_on": row["last_logged_on"],
        }

    def _rating_changes(self, rows: list[dict]) -> dict:
        order = {value: index for index, value in enumerate(Rating.values)}
        changes: Counter[str] = Counter()
        for row in rows:
            if row["evaluation"] is None or row["previous_rating"] is None:
                continue
            step = order[row["evaluation"]["rating"]] - order[row["previous_rating"]]
            changes["improved" if step > 0 else "declined" if step < 0 else "unchanged"] += 1
        return {key: changes.get(key, 0) for key in ("improved", "unchanged", "declined")}

    def _appendix(self) -> list[dict]:
        """The quarter's entries that still wait for review or were sent back (returned first)."""
        pending = (
            self._in_quarter()
            .filter(
                withdrawn_at__isnull=True,
                review_state__in=[ProgressEntry.ReviewState.SUBMITTED, ProgressEntry.ReviewState.RETURNED],
            )
            .select_related("commitment", "party", "county")
            .order_by("review_state", "happened_on", "created_at", "pk")[:APPENDIX_LIMIT]
        )
        return [
            {
                "number": entry.commitment.number,
                "happened_on": entry.happened_on.isoformat(),
                "party": entry.party.short_name,
                "narrative": entry.narrative,
                "county": entry.county.name if entry.county_id else "",
                "state": entry.review_state,
                "state_label": entry.get_review_state_display(),
                "comment": entry.review_comment,
            }
            for entry in pending
        ]

    def _quarter_entries(self) -> list[dict]:
        """Every entry of the quarter in every state, oldest first, streamed from one query."""
        states = dict(ProgressEntry.ReviewState.choices)
        statuses = dict(Status.choices)
        found = (
            self._in_quarter()
            .order_by("happened_on", "created_at", "pk")
            .values_list(
                "pk",
                "commitment__number",
                "party__short_name_fa",
                "party__short_name_en",
                "party__name_fa",
                "party__name_en",
                "happened_on",
                "created_at",
                "reported_status",
                "percent_complete",
                "quantity",
                "county__name_fa",
                "county__name_en",
                "village",
                "narrative",
                "review_state",
                "reviewed_at",
                "review_comment",
                "withdrawn_at",
            )
        )
        english = self.language == "en"
        rows = []
        for (
            pk, number, short_fa, short_en, name_fa, name_en, happened_on, created_at, status, percent, quantity,
            county_fa, county_en, village, narrative, state, reviewed_at, comment, withdrawn_at,
        ) in found.iterator(chunk_size=2000):  # fmt: skip
            party = (short_en or name_en or short_fa or name_fa) if english else (short_fa or name_fa)
            rows.append(
                {
                    "id": pk,
                    "number": number,
                    "party": party,
                    "happened_on": happened_on.isoformat(),
                    "logged_at": timezone.localtime(created_at).isoformat(timespec="minutes"),
                    "status": str(statuses.get(status, status)),
                    "percent": percent,
                    "quantity": _number(quantity),
                    "county": ((county_en or county_fa) if english else (county_fa or county_en)) or "",
                    "village": village,
                    "narrative": narrative,
                    "state": state,
                    # A withdrawn entry awaits no review, whatever its state was (as every page says).
                    "state_label": str(_("Withdrawn")) if withdrawn_at else str(states.get(state, state)),
                    "reviewed_at": timezone.localtime(reviewed_at).isoformat(timespec="minutes")
                    if reviewed_at
                    else None,
                    "comment": comment,
                    "withdrawn": withdrawn_at is not None,
                }
            )
        return rows
