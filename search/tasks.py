"""Background work: drain the search outbox."""

from __future__ import annotations

from django.utils import timezone
from django_tasks import task

from search.models import IndexUpdate

DRAIN_TASK_PATH = "search.tasks.drain_outbox"


@task()
def drain_outbox() -> dict:
    from search.indexing import drain

    totals = drain()
    _retry_later()
    return totals


def enqueue_drain() -> None:
    """Enqueue one drain unless one is already waiting to run (it will see our rows)."""
    if _drain_already_waiting():
        return
    drain_outbox.enqueue()


def _drain_already_waiting() -> bool:
    try:
        from django_tasks_db.backend import DatabaseBackend
        from django_tasks_db.models import DBTaskResult
    except ImportError:
        return False
    if not isinstance(drain_outbox.get_backend(), DatabaseBackend):
        return False
    return DBTaskResult.objects.ready().filter(task_path=DRAIN_TASK_PATH).exists()


def _retry_later() -> None:
    """Failed rows wait for their back-off; ask the queue to come back for them then."""
    next_at = (
        IndexUpdate.objects.filter(next_attempt_at__gt=timezone.now())
        .order_by("next_attempt_at")
        .values_list("next_attempt_at", flat=True)
        .first()
    )
    if next_at is None or not drain_outbox.get_backend().supports_defer:
        return
    drain_outbox.using(run_after=next_at).enqueue()
