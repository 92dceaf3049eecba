from django.core.management import call_command

from core.schedule import daily_at


@daily_at("07:00")
def queue_daily_digests() -> None:
    """Queues the daily digest e-mail for everyone who chose it."""
    call_command("forum_digest", verbosity=0)
