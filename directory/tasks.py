"""Background work for the directory (CSV imports are in directory/csv_import/tasks.py)."""

from __future__ import annotations

from django_tasks import task


@task()
def purge_access_log() -> int:
    """Delete access log entries older than the retention period."""
    from directory import access_log

    return access_log.purge()


@task()
def send_review_reminder(organisation_id: int, kind: str) -> bool:
    """One organisation's review reminder (see directory.reviews); sent once per review."""
    from directory import reviews

    return reviews.send_reminder(organisation_id, kind)
