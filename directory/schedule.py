from core.schedule import daily_at
from directory import tasks


@daily_at("03:30")
def queue_access_log_purge() -> None:
    """The access log is kept for ``ACCESS_LOG_RETENTION_DAYS``, then deleted."""
    tasks.purge_access_log.enqueue()


@daily_at("07:15")
def queue_review_reminders() -> None:
    """Organisation admins hear before their entry's review is due, and when it is overdue."""
    from directory import reviews

    for organisation_id, kind in reviews.reminders_due():
        tasks.send_review_reminder.enqueue(organisation_id, kind)
