from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AmendmentsConfig(AppConfig):
    name = "amendments"
    verbose_name = _("Amendments")

    def ready(self):
        from amendments.models import withdrawn_refusal
        from obligations.services import ENTRY_REFUSALS

        # Entries on a commitment an amendment withdrew are refused from its effective date.
        if withdrawn_refusal not in ENTRY_REFUSALS:
            ENTRY_REFUSALS.append(withdrawn_refusal)

        from amendments.notices import amendment_notices
        from obligations.notices import COMMITMENT_NOTICES

        if amendment_notices not in COMMITMENT_NOTICES:
            COMMITMENT_NOTICES.append(amendment_notices)
