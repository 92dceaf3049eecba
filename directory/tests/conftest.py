"""The directory's search runs on the real Elasticsearch node, in indices of its own."""

import pytest

from search import indexing


@pytest.fixture
def index_now(elasticsearch, db):
    """Fresh search indices; calling the fixture drains the outbox as the worker would and
    makes what it indexed searchable."""
    indexing.delete_all_indices()
    indexing.ensure_indices()

    def run():
        totals = indexing.drain()
        indexing.refresh()
        return totals

    yield run
    indexing.delete_all_indices()
