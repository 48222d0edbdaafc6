"""Sign-in throttling helpers for django-axes (settings: AXES_*)."""

import time

from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.shortcuts import render


def client_address(request) -> str | None:
    """The address a sign-in came from, as the throttle counts it.

    Behind the TLS proxy (BEHIND_TLS_PROXY) every request arrives from the proxy, so the address
    is the last one the proxy appended to X-Forwarded-For; earlier entries are the client's own
    claims and could be forged to dodge the lockout.
    """
    if getattr(settings, "SECURE_PROXY_SSL_HEADER", None):
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        if forwarded and forwarded[-1]:
            return forwarded[-1]
    return request.META.get("REMOTE_ADDR")


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
