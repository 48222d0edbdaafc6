"""The line under a commitment's text on its page: amended (or withdrawn) by which addendum, from when."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from amendments.models import wording_as_at
from obligations.notices import Notice


def amendment_notices(commitment) -> list[Notice]:
    wording = wording_as_at(commitment, timezone.localdate())
    if wording.withdrawn_by is None and not wording.amended_by:
        return []
    link = reverse("commitment_wording", args=[commitment.agreement.reference, commitment.number])
    notices = []
    if wording.amended_by:
        latest = wording.amended_by[-1]
        notices.append(
            Notice(
                gettext("Amended by %(amendment)s.") % {"amendment": latest.label},
                link,
                gettext("Earlier wording"),
            )
        )
    if wording.withdrawn_by is not None:
        notices.append(
            Notice(
                gettext("Withdrawn by %(amendment)s; it takes no more entries.")
                % {"amendment": wording.withdrawn_by.label},
                link,
                gettext("Wording and amendments"),
            )
        )
    return notices
