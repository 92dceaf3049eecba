from django.core.management import call_command

from core.schedule import every


@every(minutes=1)
def publish_scheduled_pages() -> None:
    """Publishes and unpublishes pages whose scheduled time has come (Wagtail's go-live dates)."""
    call_command("publish_scheduled", verbosity=0)
