"""Background work: drain the search outbox.

At most one drain waits in the queue at any time, deferred ones included: every write, every
drain that leaves rows in back-off, and the periodic job (``search/schedule.py``) all go through
``enqueue_drain``, which moves the waiting drain earlier instead of adding another. A drain is
safe to run twice: a row leaves the outbox only once Elasticsearch has applied it.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.db import connection, transaction
from django.utils import timezone
from django_tasks import task

from search.models import IndexUpdate

if TYPE_CHECKING:
    from django.db.models import QuerySet
    from django_tasks.backends.base import BaseTaskBackend
    from django_tasks_db.models import DBTaskResult

    from search.indexing import DrainTotals

DRAIN_TASK_PATH = "search.tasks.drain_outbox"
# Rows whose last attempt failed because Elasticsearch could not be reached (rather than
# because of their own document) are retried as soon as it answers again.
UNREACHABLE_ERRORS = (
    r"^(ConnectionError|ConnectionTimeout|TransportError|ApiError):"
    r"|unavailable_shards_exception|es_rejected_execution_exception|cluster_block_exception"
)
_LOCK_KEY = 0x5EA2C4D2  # one PostgreSQL advisory lock for "the waiting drain"


@task()
def drain_outbox() -> DrainTotals:
    from search.indexing import drain

    totals = drain()
    _retry_later()
    return totals


def enqueue_drain(run_after: datetime | None = None) -> None:
    """Make sure one drain will run at ``run_after`` (now by default) or earlier."""
    backend = drain_outbox.get_backend()
    if not _is_database_queue(backend):
        if run_after is None:
            drain_outbox.enqueue()
        elif backend.supports_defer:
            drain_outbox.using(run_after=run_after).enqueue()
        return
    from django_tasks_db.models import DBTaskResult, get_date_max

    wanted = run_after or timezone.now()
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_LOCK_KEY])
        waiting = list(_waiting_drains().select_for_update(skip_locked=True).order_by("run_after"))
        if not waiting:
            drain_outbox.using(run_after=run_after).enqueue()
            return
        keep, extra = waiting[0], waiting[1:]
        if extra:  # left by an older version, or taken back from a dead worker
            DBTaskResult.objects.filter(pk__in=[task.pk for task in extra]).delete()
        if keep.run_after != get_date_max() and keep.run_after > wanted:
            keep.run_after = wanted
            keep.save(update_fields=["run_after"])


def waiting_drain_count() -> int:
    return _waiting_drains().count()


def _waiting_drains() -> QuerySet[DBTaskResult[Any, Any]]:
    from django_tasks_db.compat import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.filter(task_path=DRAIN_TASK_PATH, status=TaskResultStatus.READY)


def _is_database_queue(backend: BaseTaskBackend) -> bool:
    try:
        from django_tasks_db.backend import DatabaseBackend
    except ImportError:
        return False
    return isinstance(backend, DatabaseBackend)


def _next_backoff_end() -> datetime | None:
    return (
        IndexUpdate.objects.filter(next_attempt_at__gt=timezone.now())
        .order_by("next_attempt_at")
        .values_list("next_attempt_at", flat=True)
        .first()
    )


def _retry_later() -> None:
    """Failed rows wait for their back-off; ask the queue to come back for them then."""
    next_at = _next_backoff_end()
    if next_at is not None:
        enqueue_drain(run_after=next_at)


def retry_if_reachable() -> int:
    """Rows backing off because Elasticsearch was unreachable are due again once it answers."""
    from search.client import is_healthy

    now = timezone.now()
    waiting = IndexUpdate.objects.filter(
        next_attempt_at__gt=now, last_error__regex=UNREACHABLE_ERRORS
    )
    if not waiting.exists() or not is_healthy():
        return 0
    return waiting.update(next_attempt_at=now)


def keep_draining() -> None:
    """The periodic nudge: a backlog drains with no new write, and soon after an outage."""
    retry_if_reachable()
    if IndexUpdate.objects.filter(next_attempt_at__lte=timezone.now()).exists():
        enqueue_drain()
    elif (next_at := _next_backoff_end()) is not None:
        enqueue_drain(run_after=next_at)
