import pytest
from django.test import override_settings

from search.client import get_client

pytestmark = pytest.mark.django_db


def test_healthz_reports_every_part_up(client, elasticsearch):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["database"]["status"] == "up"
    assert body["elasticsearch"]["status"] == "up"
    assert body["task_queue"]["status"] == "up"


def test_healthz_says_degraded_when_elasticsearch_is_unreachable(client):
    get_client.cache_clear()
    try:
        with override_settings(ELASTICSEARCH_URL="http://127.0.0.1:9"):
            response = client.get("/healthz")
    finally:
        get_client.cache_clear()
    assert response.status_code == 503
    assert response.json()["status"] == "degraded"
    assert response.json()["elasticsearch"]["status"] == "down"
