"""What every "issued now, sealed later" document shares (the committee's minutes,
committee/sealing.py; the quarterly report, reports/sealing.py): the row keeps `sealing`
("pending" / "done"), `sealing_since`, `sealing_tries` and `sealing_error`; a job of the
django-tasks backend applies the seal with no lock held and stores it under the row's lock;
a failure is counted on the row and the job deferred 1, 2, 4… minutes, at most an hour."""

import datetime as dt
import hashlib
import logging
from typing import Any

from django.core.files.base import ContentFile
from django.db import models, transaction
from django.utils import timezone

from agreement.history_user import record_history_user

logger = logging.getLogger(__name__)
RETRY_FIRST_SECONDS = 60
RETRY_MAX_SECONDS = 3600
PENDING, DONE = "pending", "done"


def retry_delay(tries: int) -> int:
    """Seconds before the next try after `tries` failed ones: 60, 120, 240… at most an hour."""
    return min(RETRY_FIRST_SECONDS * 2 ** max(tries - 1, 0), RETRY_MAX_SECONDS)


def store_sealed(row: Any, pdf: bytes, old_name: str) -> None:
    """Under the caller's lock on `row`: its file replaced by the sealed `pdf`, the hash and size with
    it, saved with its history; the new file removed if the save fails, the old one once the
    transaction commits (a reader mid-download keeps its file until then)."""
    row.sha256 = hashlib.sha256(pdf).hexdigest()
    row.size = len(pdf)
    row.pdf.save(row.filename, ContentFile(pdf), save=False)
    record_history_user(row, None)
    try:
        row.save()
    except BaseException:
        row.pdf.delete(save=False)
        raise
    if old_name:
        transaction.on_commit(lambda: row.pdf.storage.delete(old_name))


class Failed(Exception):
    """The seal could not be applied (the timestamp authority or a key did not answer)."""


def queue(task: Any, pk: int) -> None:
    """Queue the sealing job of one document, from inside the transaction that made it pending."""
    if task.get_backend().supports_defer:
        # The database backend: the job's row commits (or rolls back) with the document's.
        task.enqueue(pk)
    else:
        # A backend that runs the job at once (the tests' ImmediateBackend) must wait for the
        # commit: it would otherwise sign under the caller's locks, or before the row exists.
        transaction.on_commit(lambda: task.enqueue(pk))


def record_failure(model: type[models.Model], pk: int, error: BaseException, task: Any) -> Any:
    """Count a failed try on the row, keep the error for the operators, and defer the next try."""
    with transaction.atomic():
        row: Any = model._default_manager.select_for_update().get(pk=pk)
        row.sealing_tries += 1
        row.sealing_error = f"{type(error).__name__}: {error}"[:2000]
        row.save(update_fields=["sealing_tries", "sealing_error"])
        if task.get_backend().supports_defer:
            at = timezone.now() + dt.timedelta(seconds=retry_delay(row.sealing_tries))
            task.using(run_after=at).enqueue(row.pk)
    logger.warning("Sealing of %s failed (try %s): %s", row, row.sealing_tries, row.sealing_error)
    return row


def pending(model: type[models.Model], *, older_than: dt.timedelta = dt.timedelta(0)) -> models.QuerySet:
    """Documents of this kind still sealing (the admin, `manage.py seal_pending`)."""
    return model._default_manager.filter(sealing=PENDING, sealing_since__lte=timezone.now() - older_than).order_by(
        "sealing_since"
    )


def queue_pending(model: type[models.Model], task: Any) -> int:
    """Queue a job for every document of this kind still sealing (after an outage)."""
    count = 0
    for document in pending(model):
        queue(task, document.pk)
        count += 1
    return count
