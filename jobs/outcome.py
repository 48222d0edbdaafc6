"""How a job that builds a file (a report's PDF, a draft of the minutes) ends when it fails: the
half-written file is removed and the job keeps only its reason, so a retry starts clean."""

from django.utils import timezone

FAILED = "failed"  # the State value both jobs' models use


def mark_failed(job, failure: str) -> str:
    """Delete the job's partial `draft` file and save it as failed with `failure` ("code:detail")."""
    if job.draft:
        job.draft.delete(save=False)
    job.state, job.failure, job.finished_at = FAILED, failure, timezone.now()
    job.save(update_fields=["state", "failure", "finished_at", "draft"])
    return FAILED
