"""Evidence files are served only here, to people who may read the agreement."""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.views.decorators.http import require_safe

from agreement.downloads import content_disposition
from obligations.access import get_evidence_for_user
from obligations.evidence import ALLOWED_TYPES, name_for_type
from obligations.models import Thumbnail

# Whatever a file contains, nothing in it may run or load anything.
_FILE_POLICY = "default-src 'none'; sandbox"


@login_required
@require_safe
def evidence_download(request, pk):
    """The file under its original name (RFC 5987 `filename*`, ZWNJ kept, ASCII fallback), never sniffed."""
    evidence = get_evidence_for_user(request, pk)
    content_type = evidence.content_type if evidence.content_type in ALLOWED_TYPES else "application/octet-stream"
    # Files stored before names were matched to their content still download with the right extension.
    name = name_for_type(evidence.original_name, content_type)
    response = FileResponse(evidence.file.open("rb"), content_type=content_type)
    response["Content-Disposition"] = content_disposition(name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = _FILE_POLICY
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_safe
def evidence_thumbnail(request, pk):
    """The thumbnail of an image evidence file, to exactly those who may download the file itself."""
    evidence = get_evidence_for_user(request, pk)
    thumbnail = Thumbnail.objects.filter(evidence=evidence).first()
    if thumbnail is None:
        raise Http404
    response = FileResponse(thumbnail.file.open("rb"), content_type="image/jpeg")
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = _FILE_POLICY
    response["Cache-Control"] = "private, no-store"
    return response
