from accounts import data_export
from core import retention
from core.schedule import daily_at, every


@every(hours=1)
def purge_expired_data_exports() -> None:
    """A copy of someone's data is deleted once it expires (DATA_EXPORT_EXPIRY_DAYS)."""
    data_export.purge_expired()


@daily_at("03:45")
def queue_retention_purge() -> None:
    """Records kept longer than their period in ``settings.RETENTION_DAYS`` are removed."""
    retention.purge_expired.enqueue()
