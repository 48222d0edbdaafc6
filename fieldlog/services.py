"""The writes behind the device queue's endpoints: an entry with the files it will send, then each file."""

import hashlib
import io
from collections.abc import Sequence
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import InMemoryUploadedFile
from django.db import transaction

from agreement.history_user import record_history_user
from fieldlog.models import ExpectedFile
from obligations.evidence import EvidenceUpload, clean_file_name, validate_uploads
from obligations.models import Commitment, ProgressEntry
from obligations.services import add_evidence, record_progress

# The form the device keeps ("prepare for the field"); a record made with an older one is still
# read, one made by a newer one than the server knows is refused.
FORM_VERSION = 1


@dataclass(frozen=True)
class DeclaredFile:
    sha256: str
    name: str
    size: int


def same_content(entry: ProgressEntry, fields: dict, files: Sequence[DeclaredFile], *, commitment) -> bool:
    """Whether a resend says what the saved entry says (then it is the same entry, answered 200)."""
    saved = {name: getattr(entry, name) for name in fields}
    declared = sorted(file.sha256 for file in files)
    expected = sorted(entry.expected_files.values_list("sha256", flat=True))
    return entry.commitment_id == commitment.pk and saved == fields and declared == expected


@transaction.atomic
def record_field_entry(
    *, commitment: Commitment, author, submission_key, fields: dict, files: Sequence[DeclaredFile], field_truth: dict
) -> tuple[ProgressEntry, bool]:
    """The entry through the form's own service, and the files it will send, in one transaction."""
    entry, created = record_progress(
        commitment=commitment, author=author, submission_key=submission_key, field_truth=field_truth, **fields
    )
    if created:
        for file in files:
            expected = ExpectedFile(entry=entry, sha256=file.sha256, name=clean_file_name(file.name), size=file.size)
            record_history_user(expected, author)
            expected.save()
    return entry, created


class HashMismatch(Exception):
    """The bytes that arrived are not the file announced."""


class FileRefused(Exception):
    """The file failed the evidence checks; `messages` says why."""

    def __init__(self, messages: list[str]):
        super().__init__("; ".join(messages))
        self.messages = messages


def read_announced_file(stream, *, expected: ExpectedFile, content_type: str) -> EvidenceUpload:
    """Read the request body (at most the evidence limit), check its SHA-256 and the evidence rules."""
    limit = settings.PEYMAN_EVIDENCE_MAX_BYTES
    digest = hashlib.sha256()
    buffer = io.BytesIO()
    while chunk := stream.read(65536):
        buffer.write(chunk)
        digest.update(chunk)
        if buffer.tell() > limit:
            break
    if digest.hexdigest() != expected.sha256:
        raise HashMismatch
    size = buffer.tell()
    buffer.seek(0)
    upload = InMemoryUploadedFile(buffer, "evidence", expected.name, content_type, size, None)
    try:
        # The count per entry is add_evidence()'s to check, under the entry's lock.
        return validate_uploads([upload])[0]
    except ValidationError as error:
        raise FileRefused(list(error.messages)) from error


@transaction.atomic
def receive_file(*, expected: ExpectedFile, upload: EvidenceUpload, uploaded_by) -> ExpectedFile:
    """Store an announced file once: two copies racing wait on the row, and the second finds it stored."""
    locked = ExpectedFile.objects.select_for_update().get(pk=expected.pk)
    if locked.evidence_id is None:
        (evidence,) = add_evidence(entry=locked.entry, uploads=[upload], uploaded_by=uploaded_by)
        locked.evidence = evidence
        record_history_user(locked, uploaded_by)
        locked.save(update_fields=["evidence"])
    return locked
