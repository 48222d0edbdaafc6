from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from agreement.models import Agreement


@login_required
def home(request):
    """Where each person starts: straight to the commitments of their one agreement, or a choice."""
    agreements = list(
        Agreement.objects.visible_to(request.user).prefetch_related("signatories__party").order_by("-signed_on")
    )
    if len(agreements) == 1:
        return redirect("commitment_list", agreements[0].reference)
    return render(request, "agreement/home.html", {"agreements": agreements, "agreement_url": "commitment_list"})
