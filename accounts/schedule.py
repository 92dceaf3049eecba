from accounts import data_export
from core.schedule import every


@every(hours=1)
def purge_expired_data_exports() -> None:
    """A copy of someone's data is deleted once it expires (DATA_EXPORT_EXPIRY_DAYS)."""
    data_export.purge_expired()
