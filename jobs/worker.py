"""django-tasks-db's worker, made to outlive faults.

- A lost database connection (a restart, a failover, a network cut) no longer ends the worker: it
  logs one line, waits with a doubling back-off and carries on when the database answers, logging
  one more line with how long the outage lasted. The library's loop lets the OperationalError out
  and the process exits; that change is small enough to offer upstream (see README, Operations).
- A heartbeat thread stamps this worker's row every few seconds, also while a long job runs; each
  worker, between jobs, fails the RUNNING jobs of workers whose heartbeat stopped (killed, their
  machine gone), or queues them again where running them twice is harmless.
"""

import contextlib
import datetime as dt
import logging
import os
import socket
import threading
import time

from django.conf import settings
from django.db import DatabaseError, OperationalError, close_old_connections, connections
from django.dispatch import Signal
from django.utils import timezone
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult
from django_tasks_db.utils import exclusive_transaction, is_locked_database_exception

from jobs.models import WorkerHeartbeat

logger = logging.getLogger("peyman.jobs")

# What the job page and the admin show as a dead worker's job's failure.
WORKER_DIED = "jobs.worker.WorkerDied"
# Sent when a job is failed because its worker died (task_path, args, reason): the app that queued
# it marks its own record (a report job's page) failed, so the person can ask again at once.
job_abandoned = Signal()


class ResilientWorker(Worker):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.outage_started: float | None = None
        self.backoff = settings.PEYMAN_WORKER_BACKOFF_MIN
        self.next_reap = 0.0
        self.heartbeat = Heartbeat(self.worker_id)
        self.orphaned: list = []

    def run(self) -> None:
        logger.info("Starting worker worker_id=%s queues=%s", self.worker_id, ",".join(self.queue_names))
        self.heartbeat.start()
        try:
            self._loop()
        finally:
            self.heartbeat.stop()

    def _loop(self) -> None:
        while self.running:
            try:
                finished = self._poll_once()
            except DatabaseError as error:
                if not is_database_unreachable(error):
                    raise
                self._wait_for_database(error)
                continue
            if self.outage_started is not None:
                logger.warning(
                    "Database reachable again after %.1f s; worker %s carries on.",
                    time.monotonic() - self.outage_started,
                    self.worker_id,
                )
                self.outage_started = None
                self.backoff = settings.PEYMAN_WORKER_BACKOFF_MIN
            if finished:
                return

    def _poll_once(self) -> bool:
        """One turn of the library's loop; True when the worker is to stop (batch done, max tasks)."""
        close_old_connections()
        if time.monotonic() >= self.next_reap:
            release_jobs_of_dead_workers(exclude_worker=self.worker_id)
            self.next_reap = time.monotonic() + settings.PEYMAN_WORKER_HEARTBEAT_SECONDS
        tasks = DBTaskResult.objects.ready().filter(backend_name=self.backend_name)
        if not self.process_all_queues:
            tasks = tasks.filter(queue_name__in=self.queue_names)
        if self.excluded_queue_names:
            tasks = tasks.exclude(queue_name__in=self.excluded_queue_names)
        task_result = None
        try:
            with exclusive_transaction(tasks.db):
                task_result = tasks.get_locked()
                if task_result is not None:
                    task_result.claim(self.worker_id)
        except OperationalError as error:
            if is_locked_database_exception(error):
                return False
            raise
        if task_result is not None:
            # A lost connection while the job runs fails that job (its own code sees the error);
            # one lost while its result is written leaves it RUNNING, and our heartbeat tells the
            # other workers this worker is alive, so it is not reaped: mark it failed ourselves
            # once the database is back.
            try:
                self.run_task(task_result)
            except DatabaseError:
                self.orphaned.append(task_result.pk)
                raise
        if self.orphaned:
            fail_jobs(self.orphaned, "the database went away while this job's result was being stored")
            self.orphaned.clear()
        if self.batch and task_result is None:
            logger.info("No more tasks to run for worker_id=%s - exiting gracefully.", self.worker_id)
            return True
        if self.max_tasks is not None and self._run_tasks >= self.max_tasks:
            logger.info("Run maximum tasks (%d) on worker=%s - exiting gracefully.", self._run_tasks, self.worker_id)
            return True
        close_old_connections()
        if self.running and task_result is None:
            time.sleep(self.interval)
        return False

    def _wait_for_database(self, error: DatabaseError) -> None:
        if self.outage_started is None:
            self.outage_started = time.monotonic()
            first_line = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
            # One line per outage, not a traceback per poll.
            logger.warning(
                "Database unreachable (%s); worker %s waits and tries again (back-off up to %s s).",
                first_line,
                self.worker_id,
                settings.PEYMAN_WORKER_BACKOFF_MAX,
            )
        close_all_quietly()
        time.sleep(self.backoff)
        self.backoff = min(self.backoff * 2, settings.PEYMAN_WORKER_BACKOFF_MAX)


class Heartbeat:
    """A thread with its own database connection that stamps this worker's row."""

    def __init__(self, worker_id: str):
        self.worker_id = worker_id
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self._beat_until_stopped, name="heartbeat", daemon=True)

    def start(self) -> None:
        self.beat()
        self.thread.start()

    def stop(self) -> None:
        self.stopping.set()
        self.thread.join(timeout=5)
        # If the database is gone the row goes stale and reads as a dead worker's: no harm, it holds no job.
        with contextlib.suppress(DatabaseError):
            WorkerHeartbeat.objects.filter(worker_id=self.worker_id).delete()

    def beat(self) -> None:
        try:
            now = timezone.now()
            WorkerHeartbeat.objects.update_or_create(
                worker_id=self.worker_id,
                defaults={"beat_at": now, "host": socket.gethostname()[:255], "pid": os.getpid()},
                create_defaults={
                    "started_at": now,
                    "beat_at": now,
                    "host": socket.gethostname()[:255],
                    "pid": os.getpid(),
                },
            )
        except DatabaseError:
            # The main loop logs the outage; this thread only tries again on its next beat.
            close_all_quietly()

    def _beat_until_stopped(self) -> None:
        try:
            while not self.stopping.wait(settings.PEYMAN_WORKER_HEARTBEAT_SECONDS):
                self.beat()
        finally:
            connections.close_all()


def release_jobs_of_dead_workers(*, exclude_worker: str = "") -> list:
    """Fail (or queue again, if safe) every RUNNING job whose worker is dead: its heartbeat is older
    than PEYMAN_WORKER_DEAD_AFTER_SECONDS, or it ran on this machine and its process is gone (a
    worker restarted after a kill need not wait out the timeout). Returns the jobs' ids."""
    now = timezone.now()
    dead_after = dt.timedelta(seconds=settings.PEYMAN_WORKER_DEAD_AFTER_SECONDS)
    running = list(DBTaskResult.objects.running().values_list("pk", "worker_ids", "task_path", "started_at"))
    if not running:
        return []
    holders = {worker_ids[-1] for _pk, worker_ids, _path, _started in running if worker_ids}
    beats = {beat.worker_id: beat for beat in WorkerHeartbeat.objects.filter(worker_id__in=holders)}
    here = socket.gethostname()[:255]
    released = []
    for pk, worker_ids, task_path, started_at in running:
        holder = worker_ids[-1] if worker_ids else ""
        if holder == exclude_worker:
            continue
        beat = beats.get(holder)
        if beat is not None and beat.host == here and not process_alive(beat.pid):
            why = f"its worker {holder} (process {beat.pid} on {here}) is no longer running"
        elif (last_sign := beat.beat_at if beat else started_at) is not None and last_sign < now - dead_after:
            why = f"its worker {holder} stopped (no heartbeat for {int(dead_after.total_seconds())} s)"
        else:
            continue
        if task_path in settings.PEYMAN_JOBS_SAFE_TO_RUN_AGAIN:
            if DBTaskResult.objects.filter(pk=pk, status="RUNNING").update(status="READY", started_at=None):
                logger.warning("Job %s (%s) queued again: %s.", pk, task_path, why)
                released.append(pk)
        elif fail_jobs([pk], why):
            logger.warning("Job %s (%s) marked failed: %s.", pk, task_path, why)
            released.append(pk)
    return released


def fail_jobs(pks: list, reason: str) -> int:
    """Mark RUNNING jobs failed with `reason`, and tell their apps (job_abandoned) to do the same."""
    failed = 0
    for pk in pks:
        if DBTaskResult.objects.filter(pk=pk, status="RUNNING").update(
            status="FAILED",
            finished_at=timezone.now(),
            exception_class_path=WORKER_DIED,
            traceback=f"The job did not finish: {reason}.",
            return_value=None,
        ):
            failed += 1
            job = DBTaskResult.objects.get(pk=pk)
            job_abandoned.send(
                sender=DBTaskResult, task_path=job.task_path, args=job.args_kwargs.get("args", []), reason=reason
            )
    return failed


def process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process: alive
    # A zombie (killed, not yet reaped by its parent) has stopped running all the same.
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return True


def is_database_unreachable(error: DatabaseError) -> bool:
    """An OperationalError or InterfaceError: the connection, not the query, is at fault."""
    from django.db import InterfaceError, OperationalError

    return isinstance(error, (OperationalError, InterfaceError))


def close_all_quietly() -> None:
    for connection in connections.all(initialized_only=True):
        try:
            connection.close()
        except DatabaseError:
            # A dead socket cannot be closed politely; forget it so the next query opens anew.
            connection.connection = None
