"""Response headers every page of the app carries (Content-Security-Policy, caching, features)."""

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
        # The field page's service worker (/sw.js) and web app manifest, both from our own origin.
        "worker-src 'self'",
        "manifest-src 'self'",
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
