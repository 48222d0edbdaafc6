"""Response headers every page of the app carries (Content-Security-Policy, caching, features), and
uploaded file names read with their Persian joiners."""

import html
import types

from django.http.multipartparser import MultiPartParser
from django.utils.datastructures import ImmutableList

# Everything is served by the app itself (no CDN): scripts and styles only from our own origin,
# no inline script, no plugins, no framing, forms posted only back to us.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
# The app needs none of these browser features; denying them limits what injected content could do.
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "camera",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "payment",
        "usb",
    )
)


def security_headers(get_response):
    """CSP and Permissions-Policy on every dynamic response; never stored by a browser or proxy.

    Static files never reach this far (WhiteNoise answers them first, with their long cache
    lifetime); everything that does is per person (pages, exports, evidence, reports) or a form
    carrying a CSRF token, so none of it may be kept in a shared or back-button cache.
    """

    def middleware(request):
        response = get_response(request)
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        response.headers["Cache-Control"] = "private, no-store"
        response.headers.pop("Expires", None)
        return response

    return middleware


# Django keeps only "printable" characters of an uploaded file's name, which drops the zero-width
# non-joiner and joiner (format characters): «گزارش‌ها.pdf» arrived as «گزارشها.pdf». Persian words
# need them, so they are kept here; everything else Django refuses is still refused, and
# obligations.evidence.clean_file_name still removes bidi controls.
_JOINERS = {"\u200c", "\u200d"}


class _JoinerKeepingParser(MultiPartParser):
    def sanitize_file_name(self, file_name):
        """Django's own rule (path parts and non-printable characters removed), joiners kept."""
        file_name = html.unescape(file_name).rsplit("/")[-1].rsplit("\\")[-1]
        file_name = "".join(char for char in file_name if char.isprintable() or char in _JOINERS)
        return None if file_name in {"", ".", ".."} else file_name


def _parse_file_upload(request, META, post_data):
    # The same steps as django.http.HttpRequest.parse_file_upload, with the parser above.
    request.upload_handlers = ImmutableList(
        request.upload_handlers, warning="You cannot alter upload handlers after the upload has been processed."
    )
    return _JoinerKeepingParser(META, post_data, request.upload_handlers, request.encoding).parse()


def keep_joiners_in_file_names(get_response):
    """Before anything reads request.POST (CSRF does): multipart bodies parsed keeping ZWNJ in names."""

    def middleware(request):
        request.parse_file_upload = types.MethodType(_parse_file_upload, request)
        return get_response(request)

    return middleware
