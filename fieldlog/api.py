"""The device queue's endpoints (JSON, the session cookie and the CSRF token).

Shaped so that a later public API can serve them as they are: resources named by the entry's
`submission_key` and a file's SHA-256, every answer JSON, every refusal a code and a reason.
"""

import contextlib
import datetime as dt
import json
import re
import uuid

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, JsonResponse
from django.middleware.csrf import CsrfViewMiddleware, get_token
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from agreement import permissions
from agreement.models import Agreement
from fieldlog.models import ExpectedFile
from fieldlog.replies import refuse
from fieldlog.services import (
    FORM_VERSION,
    DeclaredFile,
    FileRefused,
    HashMismatch,
    read_announced_file,
    receive_file,
    record_field_entry,
    same_content,
)
from obligations.access import get_commitment_for_user, get_entry_for_user
from obligations.evidence import ALLOWED_TYPES
from obligations.forms import NewEntryForm
from obligations.models import Commitment, ProgressEntry
from obligations.services import ConflictError, EntryRefused, WorkDateRefused

SHA256 = re.compile(r"^[0-9a-f]{64}$")


def _csrf_refused(request) -> bool:
    """Django's own CSRF check, answered as JSON instead of the HTML failure page."""
    check = CsrfViewMiddleware(lambda request: HttpResponse())
    return check.process_view(request, lambda request: HttpResponse(), (), {}) is not None


def queue_endpoint(methods):
    """401/403 as JSON, never a redirect to the sign-in page; CSRF checked on every write."""

    def wrap(view):
        @csrf_exempt
        @require_http_methods(methods)
        def endpoint(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return refuse("signed_out")
            if request.method not in ("GET", "HEAD") and _csrf_refused(request):
                return refuse("csrf")
            try:
                return view(request, *args, **kwargs)
            except Http404:
                return refuse("not_open")
            except PermissionDenied:
                return refuse("role_lost")

        endpoint.__doc__ = view.__doc__
        endpoint.__name__ = view.__name__
        return endpoint

    return wrap


def entry_json(entry: ProgressEntry, *, created: bool | None = None) -> dict:
    expected = list(entry.expected_files.all())
    data = {
        "submission_key": str(entry.submission_key),
        "id": entry.pk,
        "url": reverse("commitment_detail", args=[entry.commitment.agreement.reference, entry.commitment.number])
        + f"#entry-{entry.pk}",
        "commitment": entry.commitment.number,
        "version": entry.version,
        "server_time": entry.created_at.isoformat(),
        "files": [
            {"sha256": file.sha256, "name": file.name, "received": file.evidence_id is not None} for file in expected
        ],
        "missing": [file.sha256 for file in expected if file.evidence_id is None],
    }
    if created is not None:
        data["created"] = created
    return data


@queue_endpoint(["GET"])
def session(request):
    """Who is signed in and a fresh CSRF token: what the queue asks after signing in again."""
    return JsonResponse({"user": request.user.pk, "csrf_token": get_token(request), "form_version": FORM_VERSION})


@queue_endpoint(["GET"])
def field_kit(request):
    """What "prepare for the field" keeps on the device: the commitments the person's party may
    log on, with the counties, for the agreements they belong to."""
    agreements = []
    for agreement in Agreement.objects.visible_to(request.user).for_pages().order_by("pk"):
        commitments = [
            commitment
            for commitment in Commitment.all_kinds.filter(agreement=agreement)
            .select_related("owner")
            .order_by("position", "number")
            if permissions.can_log_progress(request.user, _with_agreement(commitment, agreement))
        ]
        if not commitments:
            continue
        agreements.append(
            {
                "reference": agreement.reference,
                "title": str(agreement),
                "signed_on": agreement.signed_on.isoformat(),
                "counties": [{"id": county.pk, "name": county.name} for county in agreement.counties.all()],
                "commitments": [
                    {
                        "number": commitment.number,
                        "text": commitment.text,
                        "status": commitment.status,
                        "measures_quantity": commitment.measures_quantity,
                        "unit": commitment.indicator_unit,
                    }
                    for commitment in commitments
                ],
            }
        )
    return JsonResponse(
        {
            "user": request.user.pk,
            "form_version": FORM_VERSION,
            "prepared_at": timezone.now().isoformat(),
            "max_files": settings.PEYMAN_EVIDENCE_MAX_FILES,
            "max_bytes": settings.PEYMAN_EVIDENCE_MAX_BYTES,
            "agreements": agreements,
        }
    )


def _with_agreement(commitment: Commitment, agreement: Agreement) -> Commitment:
    commitment.agreement = agreement
    return commitment


def _payload(request) -> dict | None:
    try:
        data = json.loads(request.body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def _declared_files(data) -> list[DeclaredFile] | None:
    files = data.get("files", [])
    if not isinstance(files, list) or len(files) > settings.PEYMAN_EVIDENCE_MAX_FILES:
        return None
    declared = []
    for item in files:
        if not isinstance(item, dict):
            return None
        sha, name, size = item.get("sha256"), item.get("name"), item.get("size")
        if not (isinstance(sha, str) and SHA256.match(sha) and isinstance(name, str) and isinstance(size, int)):
            return None
        if not 0 < size <= settings.PEYMAN_EVIDENCE_MAX_BYTES:
            return None
        declared.append(DeclaredFile(sha256=sha, name=name, size=size))
    if len({file.sha256 for file in declared}) != len(declared):
        return None
    return declared


def _field_truth(data, now: dt.datetime) -> dict:
    """The device's clocks and an optional place; anything unreadable is left out, never guessed."""
    truth: dict = {}
    recorded = _aware(data.get("device_time"))
    sent = _aware(data.get("device_sent_at"))
    if recorded is not None:
        truth["device_recorded_at"] = recorded
    if sent is not None:
        truth["device_clock_offset"] = int((now - sent).total_seconds())
    location = data.get("location")
    if isinstance(location, dict):
        try:
            latitude, longitude = float(location["latitude"]), float(location["longitude"])
            accuracy = location.get("accuracy")
            if -90 <= latitude <= 90 and -180 <= longitude <= 180:
                truth["latitude"] = round(latitude, 6)
                truth["longitude"] = round(longitude, 6)
                truth["location_accuracy"] = None if accuracy is None else max(0, round(float(accuracy)))
        except (KeyError, TypeError, ValueError):
            pass
    return truth


def _aware(value) -> dt.datetime | None:
    if not isinstance(value, str):
        return None
    try:
        parsed = parse_datetime(value)
    except ValueError:
        return None
    if parsed is None or timezone.is_naive(parsed):
        return None
    return parsed


@queue_endpoint(["POST"])
def entry_create(request):
    """Create an entry by its submission key: 201 new, 200 the same again, 409 the same key with other content."""
    now = timezone.now()
    data = _payload(request)
    files = _declared_files(data) if data is not None else None
    try:
        key = uuid.UUID(str(data.get("submission_key"))) if data is not None else None
    except ValueError:
        key = None
    version = data.get("form_version") if data is not None else None
    if data is None or files is None or key is None or not isinstance(version, int) or version > FORM_VERSION:
        return refuse("bad_request")
    # A record made by someone else on this device (a shared phone): never saved under this session.
    if data.get("user") not in (None, "") and str(data["user"]) != str(request.user.pk):
        return refuse("other_user")
    existing = ProgressEntry.objects.filter(submission_key=key).first()
    if existing is not None:
        # Saved before (the answer was lost on the way): say so even if the person has since lost
        # the commitment, since the entry exists whatever happens now.
        if existing.author_id != request.user.pk:
            return refuse("changed")
        commitment = Commitment.all_kinds.select_related("owner").get(pk=existing.commitment_id)
        commitment.agreement = Agreement.objects.for_pages().get(pk=commitment.agreement_id)
    else:
        commitment = get_commitment_for_user(request, str(data.get("agreement", "")), str(data.get("commitment", "")))
    form = NewEntryForm(_form_data(data.get("fields"), key), commitment=commitment)
    if not form.is_valid():
        return refuse("invalid", fields={name: [str(m) for m in errors] for name, errors in form.errors.items()})
    entry_fields = form.entry_fields()
    if existing is not None:
        return _resent(request, existing, entry_fields, files, commitment, data)
    if not permissions.can_log_progress(request.user, commitment):
        return refuse("role_lost")
    # The service's own refusals, the log form's too (obligations.services): nothing is written then.
    try:
        entry, created = record_field_entry(
            commitment=commitment,
            author=request.user,
            submission_key=key,
            fields=entry_fields,
            files=files,
            field_truth=_field_truth(data, now),
        )
    except WorkDateRefused as refused:  # the date of the work: its quarter's report was issued
        return refuse("quarter_locked", reason=str(refused))
    except EntryRefused as refused:  # the commitment: withdrawn by an amendment, the term ended
        return refuse("commitment_closed", reason=str(refused))
    if not created:  # two copies raced: the other one saved it
        return _resent(request, entry, entry_fields, files, commitment, data)
    entry.commitment = commitment
    return JsonResponse(entry_json(entry, created=True), status=201)


def _form_data(fields, key: uuid.UUID) -> dict:
    """The log form's data from the API's fields; the API's dates are ISO (YYYY-MM-DD) in every
    language, where the form reads what its reader types (Jalali in Persian)."""
    data = {
        name: value for name, value in (fields if isinstance(fields, dict) else {}).items() if name != "submission_key"
    }
    with contextlib.suppress(ValueError):  # otherwise left for the form to refuse, in its own words
        data["happened_on"] = dt.date.fromisoformat(str(data.get("happened_on", "")))
    data["submission_key"] = str(key)
    return data


def _resent(request, existing: ProgressEntry, fields: dict, files, commitment: Commitment, data: dict):
    same_commitment = str(data.get("commitment", "")) == commitment.number
    if (
        existing.author_id != request.user.pk
        or not same_commitment
        or not same_content(existing, fields, files, commitment=commitment)
    ):
        return refuse("changed")
    existing.commitment = commitment
    return JsonResponse(entry_json(existing, created=False), status=200)


def _own_entry(request, key: str) -> ProgressEntry:
    try:
        parsed = uuid.UUID(key)
    except ValueError:
        raise Http404 from None
    pk = ProgressEntry.objects.filter(submission_key=parsed, author=request.user).values_list("pk", flat=True).first()
    if pk is None:
        raise Http404
    return get_entry_for_user(request, pk)


@queue_endpoint(["GET"])
def entry_detail(request, key):
    """The saved entry and the files it still expects, so the queue sends only those."""
    try:
        entry = _own_entry(request, key)
    except Http404:
        return refuse("unknown_entry")
    return JsonResponse(entry_json(entry))


@queue_endpoint(["PUT"])
def file_upload(request, key, sha256):
    """One file of an entry, keyed by its SHA-256: checked against it; one already received answers at once."""
    try:
        entry = _own_entry(request, key)
    except Http404:
        return refuse("unknown_entry")
    expected = ExpectedFile.objects.filter(entry=entry, sha256=sha256).first()
    if expected is None:
        return refuse("unexpected_file")
    if expected.evidence_id is None:
        # Only the author, and only while they may still log on the commitment.
        if not permissions.can_log_progress(request.user, entry.commitment):
            return refuse("role_lost")
        content_type = request.content_type if request.content_type in ALLOWED_TYPES else "application/octet-stream"
        expected.entry = entry
        try:
            upload = read_announced_file(request, expected=expected, content_type=content_type)
            receive_file(expected=expected, upload=upload, uploaded_by=request.user)
        except HashMismatch:
            return refuse("hash_mismatch")
        except FileRefused as refused:
            return refuse("file_refused", messages=refused.messages)
        except ConflictError:
            return refuse("entry_closed")
        status = 201
    else:
        status = 200
    entry = get_entry_for_user(request, entry.pk)
    return JsonResponse({**entry_json(entry), "received": sha256}, status=status)
