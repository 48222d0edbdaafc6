"""Writes of a draft agreement that touch several models: drafting it, and making it live."""

import datetime as dt
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from agreement.history_user import record_history_user
from agreement.models import Agreement, County, Party, Signatory
from amendments.models import Amendment, AmendmentChange
from obligations.models import Commitment, Status
from terms.models import Term
from terms.services import set_term


class DraftError(Exception):
    """A draft that cannot be made live yet; the message, translated, says what is missing."""


@dataclass(frozen=True)
class PartyToSign:
    """One party to the new agreement: an existing party, or a new one to create, and who signs for it."""

    label: str
    party: Party | None
    new_code: str
    new_name_fa: str
    new_name_en: str
    signatory_name_fa: str
    signatory_name_en: str
    signatory_title_fa: str
    signatory_title_en: str
    monitors: bool


@transaction.atomic
def create_draft(
    *,
    by,
    reference: str,
    title_fa: str,
    title_en: str,
    signed_on: dt.date,
    starts_on: dt.date | None,
    ends_on: dt.date | None,
    purpose_fa: str,
    purpose_en: str,
    parties: list[PartyToSign],
    counties: list[tuple[str, str, str]],
) -> Agreement:
    """The agreement as a draft with its parties (new ones created), signatories and counties; its
    commitments are typed in or imported afterwards. Nobody but those who draft sees it yet."""
    agreement = Agreement(
        reference=reference,
        title_fa=title_fa,
        title_en=title_en,
        signed_on=signed_on,
        starts_on=starts_on,
        ends_on=ends_on,
        purpose_fa=purpose_fa,
        purpose_en=purpose_en,
        status=Agreement.Status.DRAFT,
    )
    record_history_user(agreement, by)
    agreement.save()
    for spec in parties:
        party = spec.party
        if party is None:
            party = Party(code=spec.new_code, name_fa=spec.new_name_fa, name_en=spec.new_name_en)
            record_history_user(party, by)
            party.save()
        signatory = Signatory(
            agreement=agreement,
            party=party,
            label=spec.label,
            signatory_name_fa=spec.signatory_name_fa,
            signatory_name_en=spec.signatory_name_en,
            signatory_title_fa=spec.signatory_title_fa,
            signatory_title_en=spec.signatory_title_en,
            is_monitoring_party=spec.monitors,
        )
        record_history_user(signatory, by)
        signatory.save()
    for position, (code, name_fa, name_en) in enumerate(counties, start=1):
        county = County(agreement=agreement, code=code, name_fa=name_fa, name_en=name_en, position=position)
        record_history_user(county, by)
        county.save()
    return agreement


def activate_draft(*, agreement: Agreement, by) -> Agreement:
    """Make a draft live: from now on its parties' people see it and can be invited to it.

    Under a lock on the agreement's row, so that two people confirming at once activate it once;
    a draft with no monitoring party or no commitment is refused, with the reason."""
    with transaction.atomic():
        Agreement.objects.figures_changed(agreement.pk)  # the house's first lock, on the agreement's row
        locked = Agreement.objects.get(pk=agreement.pk)
        if locked.status != Agreement.Status.DRAFT:
            raise DraftError(_("This agreement is no longer a draft."))
        signatories = list(Signatory.objects.filter(agreement=locked))
        if len(signatories) < 2:
            raise DraftError(_("An agreement needs at least two parties."))
        if not any(s.is_monitoring_party for s in signatories):
            raise DraftError(_("Choose which party monitors the agreement first."))
        if not Commitment.objects.filter(agreement=locked).exists():
            raise DraftError(_("Add at least one commitment first."))
        locked.status = Agreement.Status.IN_FORCE
        record_history_user(locked, by)
        locked.save()
        if locked.continues_id is not None and locked.ends_on is not None and not Term.objects.filter(agreement=locked):
            # A renewal's first term, with the notice and renewal rule of the term it follows.
            previous = Term.objects.current_of(locked.continues_id)
            set_term(
                agreement=locked,
                starts_on=locked.starts_on or locked.signed_on,
                ends_on=locked.ends_on,
                notice_days=previous.notice_days if previous else 90,
                renews_itself=previous.renews_itself if previous else False,
                by=by,
            )
    return locked


def discard_draft(*, agreement: Agreement, by, reason: str) -> Agreement:
    """Put a draft aside on purpose: nothing is deleted. The agreement keeps its rows with who
    discarded it, when and why (and a history row saying so); it leaves every list and page, and it
    no longer counts as its predecessor's renewal, so another can be drafted.

    Its carried commitments let go of the ones they carried (carried_from is one-to-one), each in
    a history row of its own, so that a new renewal can carry them again. Under the lock on the
    agreement's row that activation takes too: a draft activated meanwhile is refused, never discarded."""
    reason = reason.strip()
    if not reason:
        raise DraftError(_("Say why the draft is discarded."))
    with transaction.atomic():
        Agreement.objects.figures_changed(agreement.pk)  # the house's first lock, on the agreement's row
        locked = Agreement.objects.get(pk=agreement.pk)
        if locked.status != Agreement.Status.DRAFT:
            raise DraftError(_("Only a draft can be discarded; this agreement is no longer a draft."))
        for carried in Commitment.all_kinds.filter(agreement=locked, carried_from__isnull=False).order_by("pk"):
            carried.carried_from = None
            record_history_user(carried, by, reason=_("The draft was discarded."))
            carried.save()
        locked.status = Agreement.Status.DISCARDED
        locked.discarded_at = timezone.now()
        locked.discarded_by = by
        locked.discard_reason = reason
        record_history_user(locked, by, reason=reason[:100])  # the history's reason column holds 100
        locked.save()
    return locked


# What a carried commitment takes over from its predecessor: its wording, owner and indicator.
CARRIED_FIELDS = (
    "number",
    "owner_id",
    "position",
    "text_fa",
    "text_en",
    "note_fa",
    "note_en",
    "category",
    "indicator_unit_fa",
    "indicator_unit_en",
    "indicator_baseline",
    "indicator_baseline_note_fa",
    "indicator_baseline_note_en",
    "indicator_target",
    "indicator_kind",
)


def open_commitments(agreement: Agreement):
    """The numbered commitments a renewal carries over: not completed, and not withdrawn by a recorded addendum."""
    withdrawn = AmendmentChange.objects.filter(
        action=AmendmentChange.Action.WITHDRAW, amendment__state=Amendment.State.RECORDED
    ).values("commitment_id")
    return (
        Commitment.objects.filter(agreement=agreement)
        .exclude(status=Status.COMPLETED)
        .exclude(pk__in=withdrawn)
        .select_related("owner")
        .order_by("position", "number")
    )


def draft_renewal(
    *,
    agreement: Agreement,
    by,
    reference: str,
    title_fa: str,
    title_en: str,
    signed_on: dt.date,
    starts_on: dt.date | None,
    ends_on: dt.date | None,
) -> Agreement:
    """A renewal as a new agreement: a draft with the old one's parties (labels, monitor,
    signatories), counties and open commitments (each carrying its predecessor over: indicator,
    target, baseline, and its due date if it falls in the new term), linked to the old one.

    Under a lock on the old agreement's row, so that two registrars starting at once make one
    renewal; agreement_renewed_once refuses a second in the database as well (a discarded renewal
    draft does not count). The draft is
    made live through the drafting app's confirmation (activate_draft), like any other."""
    try:
        with transaction.atomic():
            Agreement.objects.figures_changed(agreement.pk)  # the house's first lock: the old agreement's row
            old = Agreement.objects.get(pk=agreement.pk)
            if Agreement.objects.filter(continues=old).exclude(status=Agreement.Status.DISCARDED).exists():
                raise DraftError(_("This agreement has been renewed already."))
            new = Agreement(
                reference=reference,
                title_fa=title_fa,
                title_en=title_en,
                signed_on=signed_on,
                starts_on=starts_on,
                ends_on=ends_on,
                purpose_fa=old.purpose_fa,
                purpose_en=old.purpose_en,
                status=Agreement.Status.DRAFT,
                continues=old,
            )
            record_history_user(new, by)
            new.save()
            for signatory in Signatory.objects.filter(agreement=old).order_by("label"):
                signatory.pk, signatory.id, signatory.agreement = None, None, new
                signatory._state.adding = True
                record_history_user(signatory, by)
                signatory.save()
            for county in County.objects.filter(agreement=old).order_by("position"):
                county.pk, county.id, county.agreement = None, None, new
                county._state.adding = True
                record_history_user(county, by)
                county.save()
            first_day = starts_on or signed_on
            for old_commitment in open_commitments(old):
                carried = Commitment(agreement=new, carried_from=old_commitment)
                for name in CARRIED_FIELDS:
                    setattr(carried, name, getattr(old_commitment, name))
                due = old_commitment.due_on
                carried.due_on = due if due is not None and due >= first_day else None
                record_history_user(carried, by)
                carried.save()
    except IntegrityError:  # a renewal committed by someone else between the check and the insert
        raise DraftError(_("This agreement has been renewed already.")) from None
    return new
