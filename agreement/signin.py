"""Sign-in throttling helpers for django-axes (settings: AXES_*)."""

from django.conf import settings
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
