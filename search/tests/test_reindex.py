"""Zero-downtime reindexing and the status report."""

import io
import threading

import pytest
from django.core.management import call_command
from django.db import connection

from search import indexing, registry
from search.client import get_client
from search.outbox import queue
from search.tests.helpers import run_search
from tests.factories import ServiceFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def clean_indices(elasticsearch):
    indexing.delete_all_indices()
    yield
    indexing.delete_all_indices()


def test_reindex_builds_a_new_index_and_moves_the_alias_in_one_step(clean_indices):
    for n in range(30):
        ServiceFactory.create(name=f"Advocacy service {n}")
    call_command("search_reindex", "--no-progress", stdout=io.StringIO())
    spec = registry.get("services")
    first = indexing.alias_targets(spec)
    call_command("search_reindex", "--index", "services", "--no-progress", stdout=io.StringIO())
    second = indexing.alias_targets(spec)
    assert len(first) == len(second) == 1 and first != second
    assert not get_client().indices.exists(index=first[0])
    assert indexing.document_count(spec) == 30


def test_searches_keep_answering_while_a_reindex_runs(clean_indices):
    for n in range(200):
        ServiceFactory.create(name=f"Casework service {n}", description="Casework and advocacy")
    call_command("search_reindex", "--no-progress", stdout=io.StringIO())
    seen, errors, stop = [], [], threading.Event()

    def keep_searching():
        while not stop.is_set():
            try:
                seen.append(run_search(q="casework", type="service").total)
            except Exception as error:  # pragma: no cover - the assertion reports it
                errors.append(error)
        connection.close()  # this thread's own; left open, the test database could not be dropped

    searcher = threading.Thread(target=keep_searching)
    searcher.start()
    try:
        for _ in range(3):
            indexing.reindex(registry.get("services"), chunk_size=50)
    finally:
        stop.set()
        searcher.join()
    assert not errors
    assert seen and min(seen) == 200


def test_changes_made_during_a_reindex_reach_the_new_index(clean_indices):
    service = ServiceFactory.create(name="Before the rebuild")
    spec = registry.get("services")
    indexing.ensure_index(spec)
    original = spec.queryset

    class ReadThenChange:
        """The rebuild reads the database; then a write lands and the worker drains it."""

        def iterator(self, chunk_size=None):
            rows = list(original())
            object.__setattr__(spec, "queryset", original)
            type(service).objects.filter(pk=service.pk).update(name="Renamed during the rebuild")
            queue("services", [service.pk])
            indexing.drain()
            return iter(rows)

    object.__setattr__(spec, "queryset", ReadThenChange)
    try:
        indexing.reindex(spec)
    finally:
        object.__setattr__(spec, "queryset", original)
    indexing.refresh()
    assert [h.title for h in run_search(q="renamed rebuild", type="service").hits]
    assert run_search(q="before", type="service").total == 0


def test_search_status_reports_alias_counts_and_the_queue(clean_indices):
    ServiceFactory.create(name="Counted service")
    call_command("search_reindex", "--no-progress", stdout=io.StringIO())
    ServiceFactory.create(
        name="Queued service"
    )  # committed, queued; drained inline by the test backend
    out = io.StringIO()
    call_command("search_status", stdout=out)
    report = out.getvalue()
    assert registry.get("services").alias in report
    assert "services" in report and "queue:" in report
