"""The database task queue (django-tasks-db) recovering by itself, and what health checks see.

django-tasks-db has no lease: a task whose worker was killed stays RUNNING for ever. Here a
task RUNNING longer than ``settings.TASKS_LEASE_SECONDS`` without a heartbeat goes back to the
queue. The worker running a task renews its lease (``started_at``, the lease's clock) every
third of the lease from a thread, so a long drain or reindex is never taken for dead and run
twice at once; only a task whose worker has gone stops being renewed. Requeueing is
safe because every Waymark task may run twice: the outbox drain removes a row only once it is
applied, the notification e-mails skip what was already e-mailed, and a CSV import that
stopped half-way wrote nothing (one transaction) and skips a finished import.
"""

from __future__ import annotations

import logging
import threading
from datetime import datetime, timedelta
from typing import Any
from uuid import UUID

from django.conf import settings
from django.db import connection
from django.db.models import QuerySet
from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

logger = logging.getLogger(__name__)


def _lease_expired_before() -> datetime:
    return timezone.now() - timedelta(seconds=settings.TASKS_LEASE_SECONDS)


def abandoned() -> QuerySet[DBTaskResult[Any, Any]]:
    return DBTaskResult.objects.running().filter(started_at__lt=_lease_expired_before())


def requeue_abandoned() -> int:
    """Puts tasks RUNNING past their lease back in the queue; returns how many."""
    count: int = abandoned().update(status=TaskResultStatus.READY, started_at=None)
    if count:
        logger.warning("Requeued %d task(s) whose worker stopped mid-run.", count)
    return count


def requeue(task_id: UUID | str) -> bool:
    """Puts one RUNNING task back in the queue (its worker knows it is no longer running it)."""
    running = DBTaskResult.objects.running().filter(pk=task_id)
    return bool(running.update(status=TaskResultStatus.READY, started_at=None))


def renew_lease(task_id: UUID | str) -> bool:
    """Its worker is alive and still running it: the lease starts again from now."""
    running = DBTaskResult.objects.running().filter(pk=task_id)
    return bool(running.update(started_at=timezone.now()))


class LeaseHeartbeat:
    """Renews a running task's lease from a thread of its own until the task ends.

    with LeaseHeartbeat(task_id):
        run the task
    """

    def __init__(self, task_id: UUID | str, every_seconds: float | None = None) -> None:
        self.task_id = task_id
        self.every_seconds = every_seconds or max(settings.TASKS_LEASE_SECONDS / 3, 0.1)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._beat, name="lease-heartbeat", daemon=True)

    def __enter__(self) -> LeaseHeartbeat:
        self._thread.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._stop.set()
        self._thread.join()

    def _beat(self) -> None:
        try:
            while not self._stop.wait(self.every_seconds):
                try:
                    renew_lease(self.task_id)
                except Exception:  # the database away for a moment: the next beat tries again
                    logger.warning("Could not renew the lease of task %s.", self.task_id)
        finally:
            connection.close()  # this thread's own connection


def stats() -> dict[str, Any]:
    """Waiting (deferred ones too), ready now, running, abandoned, failed in the last hour."""
    now = timezone.now()
    waiting = DBTaskResult.objects.filter(status=TaskResultStatus.READY)
    ready = DBTaskResult.objects.ready()
    oldest = ready.order_by("enqueued_at").values_list("enqueued_at", flat=True).first()
    return {
        "queued": ready.count(),
        "oldest_queued_seconds": round((now - oldest).total_seconds(), 1) if oldest else 0,
        "deferred": waiting.count() - ready.count(),
        "running": DBTaskResult.objects.running().count(),
        "stale_running": abandoned().count(),
        "failed_last_hour": DBTaskResult.objects.failed()
        .filter(finished_at__gte=now - timedelta(hours=1))
        .count(),
    }


def problems(numbers: dict[str, Any]) -> list[str]:
    """What in ``stats()`` a person should look at."""
    found = []
    if numbers["stale_running"]:
        found.append(f"{numbers['stale_running']} task(s) running past their lease")
    if numbers["failed_last_hour"] > settings.HEALTH_FAILED_TASKS_PER_HOUR:
        found.append(f"{numbers['failed_last_hour']} task(s) failed in the last hour")
    return found
