import pytest

from search.tests.helpers import elasticsearch_unreachable

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
    with elasticsearch_unreachable():
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["status"] == "degraded"
    assert response.json()["elasticsearch"]["status"] == "down"
