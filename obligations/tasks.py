"""Jobs of the obligations app, run by `manage.py db_worker` (or at once in tests)."""

from django_tasks import task

from obligations.models import Evidence
from obligations.thumbnails import make_thumbnail


@task()
def make_evidence_thumbnail(evidence_id: int) -> bool:
    """Make the thumbnail of one image evidence file; True if it has one afterwards."""
    evidence = Evidence.objects.filter(pk=evidence_id).first()
    return evidence is not None and make_thumbnail(evidence) is not None
