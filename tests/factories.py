"""One set of test factories, imported by every folder's fixtures: entries and review decisions
made through the real services, as the forms make them, and the names of every persona.

The personas themselves are fixtures in tests/conftest.py (a staff member, focal point and viewer
of each party, a monitor, a joint-committee member, an outsider, a superuser).
"""

import datetime as dt
import hashlib

from django.core.files.base import ContentFile
from django.utils import timezone

from obligations.models import Evidence, ProgressEntry
from obligations.services import record_progress, review_entry

# Every persona by fixture name ("anonymous": nobody signed in), for permission matrices.
PERSONAS = [
    "anonymous",
    "outsider",
    "rural_staff",
    "rural_focal",
    "rural_viewer",
    "rural_misconfigured_monitor",
    "relief_staff",
    "relief_viewer",
    "committee_member",
    "superuser",
    "monitor",
]
# Everyone who may read the Qazvin agreement: every persona but nobody and the outsider.
READERS = [persona for persona in PERSONAS if persona not in ("anonymous", "outsider")]


def make_entry(commitment, author, **fields) -> ProgressEntry:
    """A progress entry awaiting review, through record_progress; any field may be given."""
    fields.setdefault("happened_on", dt.date(2024, 10, 1))
    fields.setdefault("reported_status", "in_progress")
    fields.setdefault("narrative", "جلسه هماهنگی با دهیاران برگزار شد")
    entry, _ = record_progress(commitment=commitment, author=author, **fields)
    return entry


def decide(entry, reviewer, decision: str = "accepted", comment: str = "") -> ProgressEntry:
    """A monitor's decision on an entry, through review_entry (a return needs a comment)."""
    entry.refresh_from_db()
    if decision == "returned" and not comment:
        comment = "مستندات کافی نیست"
    return review_entry(
        entry=entry, reviewer=reviewer, decision=decision, comment=comment, expected_version=entry.version
    )


def return_entry(entry, reviewer, comment="عکس بازدید را پیوست کنید.") -> ProgressEntry:
    """The monitor sends the entry back with a comment."""
    return decide(entry, reviewer, "returned", comment)


def attach_file(entry, name: str, content: bytes, content_type: str) -> Evidence:
    """An Evidence row with its file stored, as attach_evidence stores an upload (no checks, no job)."""
    evidence = Evidence(
        entry=entry,
        original_name=name,
        size=len(content),
        content_type=content_type,
        sha256=hashlib.sha256(content).hexdigest(),
        uploaded_by=entry.author,
        uploaded_at=timezone.now(),
    )
    evidence.file.save("upload", ContentFile(content), save=False)
    evidence.save()
    return evidence


def attach_photo(entry, name: str = "عکس.jpg", content: bytes | None = None) -> Evidence:
    """A real JPEG attached to the entry, with its thumbnail made as the upload's job makes it."""
    from obligations.thumbnails import make_thumbnail
    from tests.obligations.files import photo

    evidence = attach_file(entry, name, content or photo(), "image/jpeg")
    make_thumbnail(evidence)
    return evidence


def approve_sealed(capture, *, minutes, party, by):
    """Approve the minutes for the party and run the sealing jobs the approval queued after its
    commit (`capture` is pytest-django's django_capture_on_commit_callbacks; tests run jobs at once)."""
    from committee.services import approve_minutes

    with capture(execute=True):
        return approve_minutes(minutes=minutes, party=party, by=by)
