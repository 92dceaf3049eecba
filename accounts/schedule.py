from core import retention
from core.schedule import daily_at


@daily_at("03:45")
def queue_retention_purge() -> None:
    """Records kept longer than their period in ``settings.RETENTION_DAYS`` are removed."""
    retention.purge_expired.enqueue()
