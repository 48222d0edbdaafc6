"""Writes of a draft agreement that touch several models: drafting it, and making it live."""

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from agreement.history_user import record_history_user
from agreement.models import Agreement, County, Party, Signatory
from obligations.models import Commitment


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
    return locked
