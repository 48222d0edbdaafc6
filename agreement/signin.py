"""Sign-in throttling helpers for django-axes (settings: AXES_*)."""

import time

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_client_username, get_failure_limit
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.contrib.auth.views import PasswordChangeView
from django.db.models import Sum
from django.dispatch import receiver
from django.shortcuts import render


def client_address(request) -> str | None:
    """The address a sign-in came from, as the throttle counts it.

    Behind the TLS proxy (BEHIND_TLS_PROXY) every request arrives from a proxy, which appends the
    address it saw to X-Forwarded-For; with PEYMAN_PROXY_COUNT proxies in a row the client is that
    many entries from the end, and earlier entries are the client's own claims. The header is
    believed only when the request came from a configured proxy (PEYMAN_PROXY_ADDRESSES): a
    client reaching gunicorn directly is counted by its own address, whatever it sends.
    """
    remote = request.META.get("REMOTE_ADDR")
    if getattr(settings, "SECURE_PROXY_SSL_HEADER", None) and remote in settings.PEYMAN_PROXY_ADDRESSES:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        count = settings.PEYMAN_PROXY_COUNT
        if len(forwarded) >= count and forwarded[-count]:
            return forwarded[-count]
    return remote


class PairThenAddressHandler(AxesDatabaseHandler):
    """Throttle the guesser, not the office behind one address.

    Failures lock the (username, address) pair at AXES_FAILURE_LIMIT. The address alone, and the
    account alone, are locked only at a much higher limit (PEYMAN_SIGNIN_ADDRESS_FAILURE_LIMIT,
    PEYMAN_SIGNIN_ACCOUNT_FAILURE_LIMIT): a ministry's NAT is one address, and one person guessing
    behind it must not lock out everyone else, nor a stranger lock an account from anywhere.
    A successful sign-in clears only its own pair's failures, never another person's.
    """

    def _recent(self, request):
        return AccessAttempt.objects.filter(attempt_time__gte=get_cool_off_threshold(request))

    def get_failures(self, request, credentials=None) -> int:
        username = get_client_username(request, credentials)
        address = request.axes_ip_address
        recent = self._recent(request)

        def failures(**match) -> int:
            return recent.filter(**match).aggregate(n=Sum("failures_since_start"))["n"] or 0

        pair = failures(username=username, ip_address=address)
        limit = get_failure_limit(request, credentials)
        if (
            failures(ip_address=address) >= settings.PEYMAN_SIGNIN_ADDRESS_FAILURE_LIMIT
            or failures(username=username) >= settings.PEYMAN_SIGNIN_ACCOUNT_FAILURE_LIMIT
        ):
            return max(pair, limit)
        return pair

    def reset_user_attempts(self, request, credentials=None) -> int:
        username = get_client_username(request, credentials)
        deleted, _ = AccessAttempt.objects.filter(username=username, ip_address=request.axes_ip_address).delete()
        return deleted


def lockout_response(request, original_response=None, credentials=None):
    """The page shown while sign-in is paused: 429, in the layout and the reader's language."""
    minutes = max(1, round(settings.AXES_COOLOFF_TIME.total_seconds() / 60))
    context = {"failure_limit": settings.AXES_FAILURE_LIMIT, "minutes": minutes}
    return render(request, "registration/locked_out.html", context, status=429)


# The idle timeout: a session lives SESSION_COOKIE_AGE seconds from the last time it was saved,
# so it is saved again (which moves its expiry) when a request uses it and it was last refreshed
# more than a minute ago. Saving on every request (SESSION_SAVE_EVERY_REQUEST) would cost a
# database write on every page.
ACTIVE_AT = "peyman_active_at"
REFRESH_SECONDS = 60


def idle_timeout(get_response):
    def middleware(request):
        response = get_response(request)
        session = getattr(request, "session", None)
        if session is not None and session.accessed and not session.is_empty() and response.status_code < 500:
            stamp = session.get(ACTIVE_AT)
            now = int(time.time())
            if not isinstance(stamp, int) or now - stamp >= REFRESH_SECONDS:
                session[ACTIVE_AT] = now
        return response

    return middleware


@receiver(user_logged_in)
def _stamp_new_session(sender, request, user, **kwargs):
    """Signing in saves the session anyway: stamp it then, so the next page needs no write."""
    if request is not None and hasattr(request, "session"):
        request.session[ACTIVE_AT] = int(time.time())


class ThrottledPasswordChangeView(PasswordChangeView):
    """Changing one's password asks for the current one: a wrong answer counts as a failed sign-in
    of that account from that address (django-axes), so someone at an open session cannot guess
    the password without limit; once paused, the form answers with the pause page."""

    def _credentials(self) -> dict:
        return {"username": self.request.user.get_username()}

    def dispatch(self, request, *args, **kwargs):
        locked = request.method == "POST" and request.user.is_authenticated
        if locked and AxesProxyHandler.is_locked(request, self._credentials()):
            return lockout_response(request)
        return super().dispatch(request, *args, **kwargs)

    def form_invalid(self, form):
        if "old_password" in form.errors:
            user_login_failed.send(sender=type(self), credentials=self._credentials(), request=self.request)
            if AxesProxyHandler.is_locked(self.request, self._credentials()):
                return lockout_response(self.request)
        return super().form_invalid(form)
