"""The one Elasticsearch connection of the process."""

from functools import cache

from django.conf import settings
from elasticsearch import Elasticsearch


@cache
def get_client() -> Elasticsearch:
    return Elasticsearch(
        settings.ELASTICSEARCH_URL.split(","),
        request_timeout=settings.SEARCH_TIMEOUT_SECONDS,
        retry_on_timeout=False,
        max_retries=0,
    )


def is_available() -> bool:
    try:
        get_client().cluster.health()
        return True
    except Exception:  # any transport failure means "not available"
        return False


def server_version() -> str:
    """The node's version. (This server build has no ``GET /``, so ask ``_nodes``.)"""
    nodes = get_client().nodes.info(node_id="_local", metric="_none")
    return next(iter(nodes["nodes"].values()))["version"]
