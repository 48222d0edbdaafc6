"""The answers a device's queue gets: JSON with a code the queue acts on and a reason a person reads.

Every refusal says why in the reader's language (the URL's language prefix), so the record that
needs attention shows the server's reason as it is. Never a redirect: a queue cannot follow one to
a sign-in page.
"""

from django.http import JsonResponse
from django.utils.translation import gettext as _

# code -> (HTTP status, reason). Functions, so that each reason is translated when it is sent.
REFUSALS = {
    "signed_out": (401, lambda: _("You are signed out. Sign in again: the entries waiting on this device are kept.")),
    "csrf": (403, lambda: _("The page's security token has expired. It is fetched again before the next try.")),
    "role_lost": (
        403,
        lambda: _("You may no longer log progress on this commitment (your role or party has changed)."),
    ),
    "not_open": (404, lambda: _("This commitment is no longer open to you: it was not found in your agreements.")),
    # The reason sent is the one the service gives (monitoring's lock, obligations.services.WORK_DATE_REFUSALS).
    "quarter_locked": (409, lambda: _("The date of the work is refused.")),
    "other_user": (
        403,
        lambda: _(
            "This entry was saved on this device by someone else; it is kept for them and sent once they sign in."
        ),
    ),
    # The reason sent is the one the service gives (an amendment withdrew it, the term ended).
    "commitment_closed": (409, lambda: _("This commitment takes no more entries.")),
    "changed": (
        409,
        lambda: _(
            "An entry with this key was already saved with other content. Check the saved entry; to send "
            "this one as well, edit it and send it as a new entry."
        ),
    ),
    "invalid": (422, lambda: _("The server refused some fields; correct them and send again.")),
    "bad_request": (400, lambda: _("The request could not be read.")),
    "unknown_entry": (404, lambda: _("No entry of yours has this key.")),
    "unexpected_file": (404, lambda: _("This entry does not expect a file with this fingerprint.")),
    "hash_mismatch": (422, lambda: _("The file arrived damaged (its fingerprint does not match); it is sent again.")),
    "file_refused": (422, lambda: _("The server refused this file.")),
    "entry_closed": (409, lambda: _("This entry was withdrawn or already has all the files it may have.")),
}


def refuse(code: str, **extra) -> JsonResponse:
    status, reason = REFUSALS[code]
    return JsonResponse({"error": code, "reason": reason(), **extra}, status=status)
