from core.schedule import every
from search import tasks


@every(minutes=0.25)
def keep_search_outbox_draining() -> None:
    """Queues a drain for a waiting backlog (no new write needed), retrying at once the updates
    that failed while Elasticsearch was unreachable, as soon as it answers again."""
    tasks.keep_draining()
