"""The one Elasticsearch connection of the process.

With several nodes in ``ELASTICSEARCH_URL`` (comma-separated), a request that fails on one node
(refused, reset, timed out, or a 502/503/504) is tried on another, and the failed node is left
out for a while (``dead_node_backoff_factor``), so one node down costs no search its answer.
"""

from functools import cache

from django.conf import settings
from elasticsearch import Elasticsearch


@cache
def get_client() -> Elasticsearch:
    nodes = settings.ELASTICSEARCH_URL.split(",")
    return Elasticsearch(
        nodes,
        request_timeout=settings.SEARCH_TIMEOUT_SECONDS,
        max_retries=settings.SEARCH_MAX_RETRIES,
        retry_on_timeout=settings.SEARCH_RETRY_ON_TIMEOUT,
        retry_on_status=(502, 503, 504),
        dead_node_backoff_factor=1.0,
        max_dead_node_backoff=30.0,
    )


def is_available() -> bool:
    try:
        get_client().cluster.health()
        return True
    except Exception:  # any transport failure means "not available"
        return False


def is_healthy() -> bool:
    """Answering, and every primary shard assigned: writes can go through."""
    try:
        status: str = get_client().cluster.health()["status"]
        return status != "red"
    except Exception:
        return False


def server_version() -> str:
    """The node's version. (This server build has no ``GET /``, so ask ``_nodes``.)"""
    nodes = get_client().nodes.info(node_id="_local", metric="_none")
    version: str = next(iter(nodes["nodes"].values()))["version"]
    return version
