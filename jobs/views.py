from django.db import DatabaseError, connection
from django.http import HttpResponse
from django.views.decorators.http import require_safe

from jobs import queue


@require_safe
def healthz(request):
    """For load balancers and monitors: 503 when the database is unreachable; otherwise 200 with
    "ok" or "degraded: <why>" on the first line (the web side works: a load balancer keeps sending
    people here) and the queue's figures below it."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        figures = queue.figures()
    except DatabaseError:
        return HttpResponse("database unavailable\n", status=503, content_type="text/plain")
    problems = figures.problems
    oldest = "none" if figures.oldest_queued_seconds is None else f"{figures.oldest_queued_seconds:.0f} s"
    body = (
        ("degraded: " + "; ".join(problems) if problems else "ok")
        + "\n"
        + f"queued jobs: {figures.queued}\n"
        + f"oldest queued job: {oldest}\n"
        + f"running jobs: {figures.running}\n"
        + f"failed jobs in the last day: {figures.failed_last_day}\n"
    )
    response = HttpResponse(body, content_type="text/plain")
    response["X-Peyman-Health"] = "degraded" if problems else "ok"
    return response
