"""Error pages in the app's layout and the reader's language, each saying what to do next.

The 500 and 503 pages are rendered without the database (no account menu, no messages: both
read the session), so they still answer while PostgreSQL restarts.
"""

import logging

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import get_template
from django.utils.translation import gettext as _

from agreement.formatting import grouped_number

logger = logging.getLogger("peyman.errors")
# How long a browser or proxy should wait before retrying while the database is unreachable:
# PostgreSQL restarts in a few seconds.
RETRY_AFTER_SECONDS = 10


class RefusalWithoutTraceback(logging.Filter):
    """A refused request (403) is logged as one line: its traceback (a PermissionDenied raised by
    an access helper, on purpose) says nothing and buried real errors in the log."""

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "status_code", None) == 403:
            record.exc_info = None
            record.exc_text = None
        return True


def _page(request, status, heading, explanation, next_steps, *, bare=False, retry=False, detail="", draft=()):
    context = {
        "draft": draft,
        "status": status,
        "heading": heading,
        "explanation": explanation,
        "next_steps": next_steps,
        "bare": bare,
        "retry": retry,
        "detail": detail,
    }
    if bare:
        # No context processors: some read the session or the database (the user, the unread
        # count), which is exactly what may be failing.
        html = get_template("errors/error.html").render({**context, "request": request})
        return HttpResponse(html, status=status)
    return render(request, "errors/error.html", context, status=status)


def bad_request(request, exception=None, message=""):
    return _page(
        request,
        400,
        _("The request could not be read"),
        message or _("The address or the form contained something Peyman cannot read."),
        [
            _("Go back and check what you typed, or follow a link instead of editing the address."),
            _("Start again from your commitments."),
        ],
    )


def permission_denied(request, exception=None):
    return _page(
        request,
        403,
        _("Your role does not allow this"),
        _("You may read this agreement but not make this change."),
        [
            _("If your work needs it, ask your party's focal point to change your role."),
            _("Go back to the page you came from."),
        ],
    )


def page_not_found(request, exception=None):
    return _page(
        request,
        404,
        _("Page not found"),
        _("This page does not exist, or it belongs to an agreement you are not part of."),
        [
            _("Check the address, or follow the links from the start page."),
            _("If someone sent you this link, ask them whether you should have access."),
        ],
    )


def server_error(request):
    return _page(
        request,
        500,
        _("Something went wrong on our side"),
        _("The error has been recorded for the administrator."),
        [
            _("Try again in a few minutes: a form you sent is never saved twice."),
            _("If it keeps happening, tell the administrator what you were doing."),
        ],
        bare=True,
    )


def csrf_failure(request, reason=""):
    return _page(
        request,
        403,
        _("The form could not be sent"),
        _("The page was open too long, or you signed in or out in another tab, so its security check expired."),
        [_("Reload the page (sign in again if asked) and send the form again.")],
        # Only a form that keeps drafts (the entry form's narrative, static/js/draft.js) kept what was
        # typed, and only where the browser could store it: the script says which of the two holds.
        draft=(
            _("Go back: what you typed in the narrative is kept in this browser."),
            _("Before reloading, go back and copy what you typed: the form has to be sent again."),
        ),
    )


def database_unavailable(request):
    response = _page(
        request,
        503,
        _("Peyman is briefly unavailable"),
        _("The database is restarting or cannot be reached. Nothing you saved before has been lost."),
        [
            _("Try again in a few seconds. A form you were sending can be sent again safely: it is never saved twice."),
            _("If this lasts more than a few minutes, tell the administrator."),
        ],
        bare=True,
        retry=request.method in ("GET", "HEAD"),
    )
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


class DatabaseOutageMiddleware:
    """A lost database answers 503 with the page above and one log line, not a 500 and a traceback."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, OperationalError | InterfaceError):
            return None
        summary = str(exception).strip().splitlines()[0] if str(exception).strip() else type(exception).__name__
        logger.warning("Database unavailable: %s %s answered 503 (%s)", request.method, request.path, summary)
        response = database_unavailable(request)
        # The line above is the one record of this failure: Django would add "Service
        # Unavailable" at ERROR (and mail the administrators) for every request of an outage.
        response._has_been_logged = True
        return response


def refuse_nul_bytes(get_response):
    """A NUL byte in the address or a GET parameter is refused with 400 before any view sees it.

    PostgreSQL cannot store or compare text containing NUL, so such a value reaching a query
    would fail there with a 500; no real link or form ever contains one.
    """

    def middleware(request):
        values = [request.path, *request.GET.keys()]
        values += [value for _key, items in request.GET.lists() for value in items]
        if any("\x00" in value for value in values):
            return bad_request(request, message=_("The address contains a character that is not allowed (NUL)."))
        return get_response(request)

    return middleware


def request_too_large(request, limit: int):
    megabytes = limit / (1024 * 1024)
    return _page(
        request,
        413,
        _("What you sent is too large"),
        _("Peyman accepts at most %(limit)s MB in one form, files included; nothing was saved.")
        % {"limit": grouped_number(megabytes, 0 if megabytes >= 10 else 1)},
        [
            _("Go back: what you typed in the narrative is kept in this browser."),
            _("Send fewer or smaller files (a photo can be saved at a lower resolution), then send the form again."),
        ],
    )


def refuse_large_bodies(get_response):
    """A body larger than PEYMAN_REQUEST_MAX_BYTES is refused with 413 before it is read.

    Django keeps only small form fields in memory (DATA_UPLOAD_MAX_MEMORY_SIZE) but streams any
    number of file bytes to disk; checking the declared length first means an oversized upload
    costs no disk and no time. The proxy in front should refuse it even earlier (README).
    """

    def middleware(request):
        limit = settings.PEYMAN_REQUEST_MAX_BYTES
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > limit:
            return request_too_large(request, limit)
        return get_response(request)

    return middleware
