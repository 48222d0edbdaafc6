"""'My work': where each person starts, with what their role asks of them in one agreement."""

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from agreement import permissions
from agreement.access import get_agreement_for_user
from agreement.models import Membership
from dashboard.models import LastVisit
from dashboard.my_work import committee_work, monitor_work, party_work

# A committee member's first visit shows the last month.
FIRST_VISIT_WINDOW = dt.timedelta(days=30)


@login_required
@require_safe
def my_work(request, reference):
    """Sections for each role the person has here: party staff or focal point, monitor, committee member."""
    agreement = get_agreement_for_user(request, reference)
    user, now = request.user, timezone.now()
    membership = permissions.membership_of(user)
    party = permissions.party_of(user, agreement)
    context = {"agreement": agreement, "can_review": permissions.is_monitor(user, agreement)}
    if (
        party is not None
        and membership is not None
        and membership.role in (Membership.Role.STAFF, Membership.Role.FOCAL_POINT)
    ):
        context["party_work"] = party_work(user=user, agreement=agreement, party=party, role=membership.role, now=now)
    if context["can_review"]:
        context["monitor_work"] = monitor_work(agreement=agreement, now=now)
    if permissions.is_committee_member(user, agreement):
        # "Since your last visit" counts from the person's previous visit to this page in this
        # agreement, kept in the database so that it survives signing out (a session did not).
        previous = LastVisit.objects.previous_and_record(user=user, agreement=agreement, now=now)
        since = previous or (now - FIRST_VISIT_WINDOW)
        context["committee_work"] = committee_work(user=user, agreement=agreement, since=since)
    return render(request, "dashboard/my_work.html", context)
