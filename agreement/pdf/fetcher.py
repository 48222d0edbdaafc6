"""WeasyPrint may load the app's own static files and nothing else.

The default fetcher would read any file:// or http:// URL; a report must never reach outside
the app, so only `/static/...` is served, through the same finders that serve the web pages.
"""

import mimetypes

from weasyprint.urls import URLFetcher, URLFetcherResponse

from agreement.pdf.static import resolve_static


class StaticFilesFetcher(URLFetcher):
    """Serves static files from disk; a failure stops the build instead of silently dropping a font."""

    def __init__(self):
        super().__init__(fail_on_errors=True)

    def fetch(self, url, headers=None):
        path = resolve_static(url)
        content_type = mimetypes.guess_type(path)[0] or "application/octet-stream"
        with open(path, "rb") as handle:
            body = handle.read()
        return URLFetcherResponse(url, body, {"Content-Type": content_type})
