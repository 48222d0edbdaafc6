from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from agreement.models import Agreement


@login_required
def home(request):
    """Where each person starts: their agreement(s)."""
    agreements = list(
        Agreement.objects.visible_to(request.user).prefetch_related("signatories__party").order_by("-signed_on")
    )
    return render(request, "agreement/home.html", {"agreements": agreements})
