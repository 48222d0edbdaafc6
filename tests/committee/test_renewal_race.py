"""`renew_seal_timestamps` and a party's approval seal on the same minutes: the renewal asks the
timestamp authority with no lock held, then stores only under the document's row lock and only
if the file is still the one it timestamped, so a seal stored meanwhile is never lost under an
older file; a document still waiting for a seal is skipped."""

import datetime as dt
import io

from django.core.management import call_command

from agreement.pdf.issued import archive_timestamp_due, store_archive_timestamp
from agreement.pdf.seal import seals_in
from committee.models import IssuedMinutes
from committee.services import approve_minutes, write_minutes
from tests.factories import approve_sealed
from tests.reports.conftest import needs_poppler

pytestmark = needs_poppler
DUE = dt.timedelta(days=365 * 100)  # the test TSA's certificate runs to 2100: due only this far ahead


def _stored(document) -> bytes:
    document.refresh_from_db()
    with document.pdf.open("rb") as handle:
        return handle.read()


def test_an_approval_seal_stored_while_the_renewal_asked_the_authority_is_kept(
    sealing, settings, django_capture_on_commit_callbacks, held_meeting, relief_member, rural_member, relief, rural
):
    capture = django_capture_on_commit_callbacks
    settings.PEYMAN_SEAL_RENEW_DAYS = DUE.days
    minutes = write_minutes(meeting=held_meeting, text="متن صورتجلسه", by=relief_member)
    approve_sealed(capture, minutes=minutes, party=rural, by=rural_member)
    document = IssuedMinutes.objects.get(minutes=minutes, language="fa")
    assert document.sealing == "done" and document.seals == 1  # waiting for the relief party

    # The renewal reads the one-seal file and gets its document timestamp (no lock held) …
    read_sha256 = document.sha256
    renewed = archive_timestamp_due(document, within=DUE)
    assert renewed is not None
    # … meanwhile the second party approves and its seal is stored …
    approve_sealed(capture, minutes=minutes, party=relief, by=relief_member)
    two_seals = _stored(document)
    assert [s.kind for s in seals_in(two_seals)] == ["certification", "approval"]
    # … so the renewal stores nothing: the file it timestamped is no longer the document.
    assert store_archive_timestamp(document, renewed, read_sha256=read_sha256) is False
    assert _stored(document) == two_seals and document.sha256 == IssuedMinutes.objects.get(pk=document.pk).sha256

    # The next run timestamps the file as it now is, both seals in it.
    out = io.StringIO()
    with capture(execute=True):
        call_command("renew_seal_timestamps", stdout=out)
    final = _stored(document)
    assert final.startswith(two_seals)
    assert [s.kind for s in seals_in(final)] == ["certification", "approval", "timestamp"]
    assert "2 of 2" in out.getvalue()  # both languages


def test_the_renewal_skips_a_document_waiting_for_its_seal_job(
    sealing, settings, django_capture_on_commit_callbacks, held_meeting, relief_member, rural_member, relief, rural
):
    capture = django_capture_on_commit_callbacks
    settings.PEYMAN_SEAL_RENEW_DAYS = DUE.days
    minutes = write_minutes(meeting=held_meeting, text="متن صورتجلسه", by=relief_member)
    approve_sealed(capture, minutes=minutes, party=rural, by=rural_member)
    document = IssuedMinutes.objects.get(minutes=minutes, language="en")
    one_seal = _stored(document)
    # The second approval is recorded; its seal job has not run yet (its commit is not captured).
    approve_minutes(minutes=minutes, party=relief, by=relief_member)
    document.refresh_from_db()
    assert document.sealing == "pending"
    renewed = archive_timestamp_due(IssuedMinutes.objects.get(pk=document.pk), within=DUE)
    assert renewed is None
    out = io.StringIO()
    call_command("renew_seal_timestamps", stdout=out)
    assert _stored(document) == one_seal
    # A stale copy of the row (read before the approval) is refused under the lock as well.
    stale = IssuedMinutes.objects.get(pk=document.pk)
    stale.sealing = "done"
    assert store_archive_timestamp(stale, one_seal + b"%", read_sha256=stale.sha256) is False
    assert _stored(document) == one_seal
