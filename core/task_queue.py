"""The database task queue (django-tasks-db) recovering by itself, and what health checks see.

django-tasks-db has no lease: a task whose worker was killed stays RUNNING for ever. Here a
task RUNNING longer than ``settings.TASKS_LEASE_SECONDS`` goes back to the queue. That is
safe because every Waymark task may run twice: the outbox drain removes a row only once it is
applied, the notification e-mails skip what was already e-mailed, and a CSV import that
stopped half-way wrote nothing (one transaction) and skips a finished import.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import Any
from uuid import UUID

from django.conf import settings
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
