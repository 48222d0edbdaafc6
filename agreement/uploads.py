"""File parts a browser would never send nameless, kept track of instead of dropped unseen.

Django's multipart parser silently skips a file part whose name is a path part («..», «.», «a/»)
and reads one with an empty name (`filename=""`) as a text field, so a form saved without the file
and its author was never told. `keep_track_of_nameless_files` makes each request parse with
`NamelessFileParser`, which records such names on the request (`nameless_uploads`); a form with a
file field refuses the submission when any were sent (obligations.forms).
"""

from django.http.multipartparser import MultiPartParser
from django.utils.datastructures import ImmutableList


class NamelessFileParser(MultiPartParser):
    """Django's parser, noting each file name it throws away."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.thrown_away: list[str] = []

    def sanitize_file_name(self, file_name):
        kept = super().sanitize_file_name(file_name)
        if not kept:
            self.thrown_away.append(file_name)
        return kept


def nameless_uploads(request, field_name: str) -> list[str]:
    """The names of file parts the parser threw away, and any `field_name` text that came where only
    files belong (a file part with an empty name arrives as text: a browser's empty input sends "")."""
    thrown_away = list(getattr(request, "nameless_uploads", ()))
    if request.method == "POST":
        thrown_away += ["" for value in request.POST.getlist(field_name) if value]
    return thrown_away


def keep_track_of_nameless_files(get_response):
    """Parse multipart bodies with NamelessFileParser (before the CSRF check reads the body)."""

    def middleware(request):
        def parse_file_upload(META, post_data):
            # What HttpRequest.parse_file_upload does, with our parser.
            request.upload_handlers = ImmutableList(
                request.upload_handlers,
                warning="You cannot alter upload handlers after the upload has been processed.",
            )
            parser = NamelessFileParser(META, post_data, request.upload_handlers, request.encoding)
            result = parser.parse()
            request.nameless_uploads = parser.thrown_away
            return result

        request.parse_file_upload = parse_file_upload
        return get_response(request)

    return middleware
