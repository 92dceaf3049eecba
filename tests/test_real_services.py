"""The suite runs on the real things: Elasticsearch 8.19 and PostgreSQL."""

import pytest
from django.db import connection

from search.client import server_version


def test_it_talks_to_a_real_elasticsearch_8_19_node(elasticsearch):
    health = elasticsearch.cluster.health()
    assert health["status"] in {"green", "yellow"}
    assert server_version().startswith("8.19.")


def test_the_node_has_the_en_gb_hunspell_dictionary(elasticsearch):
    tokens = elasticsearch.indices.analyze(
        body={
            "tokenizer": "standard",
            "filter": ["lowercase", {"type": "hunspell", "locale": "en_GB"}],
            "text": "Trafficking",
        }
    )["tokens"]
    assert "traffic" in {token["token"] for token in tokens}


@pytest.mark.django_db
def test_it_runs_on_postgresql():
    assert connection.vendor == "postgresql"
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version_num")
        assert int(cursor.fetchone()[0]) >= 130000
