"""Search tests run against the real Elasticsearch node, each in freshly created indices
under this run's own prefix."""

import pytest

from search import indexing


@pytest.fixture
def search_indices(elasticsearch, db):
    indexing.delete_all_indices()
    indexing.ensure_indices()
    yield elasticsearch
    indexing.delete_all_indices()


@pytest.fixture
def index_now(search_indices, django_capture_on_commit_callbacks):
    """Run the outbox drain (as the worker would) and make the results searchable."""

    def run():
        totals = indexing.drain()
        indexing.refresh()
        return totals

    return run
