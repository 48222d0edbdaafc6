"""The inbox: a person's notifications, marking them read, and their e-mail preferences."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from notifications.access import get_notification_for_user
from notifications.forms import PreferenceForm
from notifications.models import EmailAttempt, Notification, Preference

PAGE_SIZE = 30


@login_required
def inbox(request):
    """The person's notifications, newest first, unread ones marked."""
    notifications = (
        Notification.objects.filter(recipient=request.user)
        .select_related("agreement")
        .annotate(
            email_gave_up=Exists(
                EmailAttempt.objects.filter(notification=OuterRef("pk"), outcome=EmailAttempt.Outcome.GAVE_UP)
            )
        )
    )
    page = Paginator(notifications, PAGE_SIZE).get_page(request.GET.get("page"))
    language = get_language()
    for item in page:
        item.url = item.link(language)
    return render(request, "notifications/inbox.html", {"page": page})


@login_required
@require_POST
def notification_open(request, pk):
    """Mark one notification read and go to what it is about."""
    notification = get_notification_for_user(request, pk)
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return redirect(notification.link(get_language()) or "inbox")


@login_required
@require_POST
def notification_read(request, pk):
    notification = get_notification_for_user(request, pk)
    Notification.objects.filter(pk=notification.pk).mark_read()
    return redirect("inbox")


@login_required
@require_POST
def notification_read_all(request):
    count = Notification.objects.filter(recipient=request.user).mark_read()
    if count:
        messages.success(request, _("All notifications are marked as read."))
    return redirect("inbox")


@login_required
@require_http_methods(["GET", "POST"])
def notification_settings(request):
    """Which e-mails the person receives, and in which language."""
    preference = Preference.of(request.user)
    form = PreferenceForm(request.POST or None, instance=preference)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your e-mail preferences are saved."))
        return redirect("notification_settings")
    return render(
        request,
        "notifications/settings.html",
        {"form": form, "has_email": bool(request.user.email)},
    )
