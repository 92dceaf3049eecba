from core.schedule import daily_at
from pathways.tasks import remind_reviewers


@daily_at("06:30")
def queue_review_reminders() -> None:
    """Queues the reminders that agreed pathways are due for review, or have lapsed."""
    remind_reviewers.enqueue()
