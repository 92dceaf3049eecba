from django.contrib.auth.models import AnonymousUser
from django.test import override_settings

from search import indexing, registry
from search.client import get_client
from search.engine import search
from search.params import parse


def run_search(user=None, /, **params):
    return search(user or AnonymousUser(), parse({k: str(v) for k, v in params.items()}))


def titles(results) -> list[str]:
    return [str(hit.title).replace("<mark>", "").replace("</mark>", "") for hit in results.hits]


def put_document(index: str, object_id: str, title: str, audiences, **fields) -> None:
    """Write a document straight into an index (content types that have not landed yet)."""
    spec = registry.get(index)
    document = {
        "type": spec.type,
        "object_id": object_id,
        "title": title,
        "body": fields.pop("body", ""),
        "summary": "",
        "url": f"/x/{object_id}/",
        "audiences": sorted(audiences),
        "closed": False,
        "suggest": {"input": [title]},
        **fields,
    }
    get_client().index(index=spec.alias, id=object_id, document=document)
    indexing.refresh()


class elasticsearch_unreachable(override_settings):
    """Point the search client at a port nobody listens on (the shared node keeps running).

    Usable as a context manager, a decorator or ``enable()``/``disable()``.
    """

    DEAD_URL = "http://127.0.0.1:9"

    def __init__(self):
        super().__init__(ELASTICSEARCH_URL=self.DEAD_URL)

    def enable(self):
        super().enable()
        get_client.cache_clear()

    def disable(self):
        super().disable()
        get_client.cache_clear()
