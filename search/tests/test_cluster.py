"""A search cluster that fails over: replicas from settings survive a rebuild, and a request
that fails on a dead node is answered by a live one instead of falling back to the database."""

import io

import pytest
from django.core.management import call_command
from django.test import override_settings

from search import indexing, registry
from search.client import get_client
from search.tests.helpers import run_search, titles
from tests.factories import ServiceFactory

pytestmark = pytest.mark.django_db


def replicas(spec) -> str:
    (name,) = indexing.alias_targets(spec)
    found = get_client().indices.get_settings(index=name, name="index.number_of_replicas")
    count: str = found[name]["settings"]["index"]["number_of_replicas"]
    return count


def test_replicas_come_from_settings_and_a_reindex_keeps_them(search_indices, settings):
    spec = registry.get("services")
    assert replicas(spec) == "0"
    settings.SEARCH_REPLICAS = 1
    ServiceFactory(name="Replicated service")
    call_command("search_reindex", "--index", "services", "--no-progress", stdout=io.StringIO())
    assert replicas(spec) == "1"


class with_a_dead_node(override_settings):
    """A dead node listed first, then the live test node."""

    def __init__(self, **extra):
        from django.conf import settings

        super().__init__(
            ELASTICSEARCH_URL=f"http://127.0.0.1:9,{settings.ELASTICSEARCH_URL}", **extra
        )

    def enable(self):
        super().enable()
        get_client.cache_clear()

    def disable(self):
        super().disable()
        get_client.cache_clear()


def test_searches_are_answered_by_the_live_node_while_another_is_down(index_now):
    ServiceFactory(name="Failover helpline")
    index_now()
    with with_a_dead_node():
        answers = [run_search(q="failover", type="service") for _ in range(12)]
    assert not any(results.degraded for results in answers)
    assert all(titles(results) == ["Failover helpline"] for results in answers)


def test_without_retries_a_dead_node_costs_searches_their_answer(index_now):
    ServiceFactory(name="Failover helpline")
    index_now()
    with with_a_dead_node(SEARCH_MAX_RETRIES=0):
        answers = [run_search(q="failover", type="service") for _ in range(12)]
    assert any(results.degraded for results in answers)
