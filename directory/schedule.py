from core.schedule import daily_at
from directory import tasks


@daily_at("03:30")
def queue_access_log_purge() -> None:
    """The access log is kept for ``ACCESS_LOG_RETENTION_DAYS``, then deleted."""
    tasks.purge_access_log.enqueue()
