"""Background work for the directory (CSV imports are in directory/csv_import/tasks.py)."""

from __future__ import annotations

from django_tasks import task


@task()
def purge_access_log() -> int:
    """Delete access log entries older than the retention period."""
    from directory import access_log

    return access_log.purge()
