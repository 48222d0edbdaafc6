"""The agreement navigation in the page header: one context processor, for every page of an agreement.

The access helper that every agreement view calls (agreement.access.get_agreement_for_user) leaves
the agreement on the request; this turns it into the header's links. Links are reversed here, so a
renamed URL fails loudly instead of quietly vanishing from the page.
"""

import functools
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from agreement import permissions

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


@dataclass(frozen=True)
class NavLink:
    url: str
    label: "StrOrPromise"  # a lazy translation, read in the language of the page
    current: bool


# (URL name, label, who sees it): the order of the header.
LINKS = [
    ("my_work", _("My work"), None),
    ("commitment_list", _("Commitments"), None),
    ("meeting_list", _("Joint committee"), None),
    ("calendar_month", _("Calendar"), None),
    ("dashboard", _("Dashboard"), None),
    ("review_queue", _("Review queue"), permissions.is_monitor),
    ("evaluation_list", _("Evaluations"), None),
    ("report_list", _("Reports"), None),
    ("people_list", _("People"), permissions.can_view_people),
]


def agreement_navigation(request) -> dict:
    agreement = getattr(request, "agreement", None)
    if agreement is None or not request.user.is_authenticated:
        return {}
    can_review = permissions.is_monitor(request.user, agreement)
    links = []
    for name, label, allowed in LINKS:
        if allowed is not None and not allowed(request.user, agreement):
            continue
        url = reverse(name, args=[agreement.reference])
        links.append(NavLink(url, label, request.path == url))
    return {"agreement_nav": links, "can_review": can_review}


def field_logging(request) -> dict:
    """Whether the header links to field logging: the rule book's answer (permissions.can_log_in_field),
    asked only on pages that show the header, once per request."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}

    @functools.cache
    def can_log_in_field() -> bool:
        return permissions.can_log_in_field(user)

    return {"can_log_in_field": can_log_in_field}
