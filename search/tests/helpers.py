from django.contrib.auth.models import AnonymousUser

from search import indexing, registry
from search.client import get_client
from search.params import parse
from search.query import search


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
