from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.views.decorators.http import require_safe

from agreement import permissions
from agreement.models import Agreement


@login_required
@require_safe
def home(request):
    """Where each person starts: straight to their work in their one agreement, or a choice."""
    # Drafts are listed on their own page (drafting), for those who draft them.
    visible = Agreement.objects.visible_to(request.user).exclude(status=Agreement.Status.DRAFT)
    agreements = list(visible.prefetch_related("signatories__party").order_by("-signed_on"))
    can_draft = permissions.can_draft_agreements(request.user)
    if len(agreements) == 1 and not can_draft:  # a registrar also needs the way to the drafts
        return redirect("my_work", agreements[0].reference)
    context = {"agreements": agreements, "agreement_url": "my_work", "can_draft": can_draft}
    return render(request, "agreement/home.html", context)


def favicon(request):
    """Browsers ask for /favicon.ico whatever the page links to; send them the app's icon."""
    return redirect(static("favicon.ico"), permanent=True)
