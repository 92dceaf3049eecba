"""``/healthz``: is the database, Elasticsearch and the background work usable?

503 when a part is down. 200 with ``"status": "degraded"`` when every part answers but the
background work is behind (an old search backlog, tasks running past their lease, many failed
tasks): the web can still serve, and someone should look (thresholds in settings).
"""

from typing import Any

from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache


def _database() -> dict[str, Any]:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return {"status": "up", "vendor": connection.vendor}
    except Exception as error:
        return {"status": "down", "error": error.__class__.__name__}


def _elasticsearch() -> dict[str, Any]:
    from search.client import get_client

    try:
        health = get_client().cluster.health()
        return {"status": "up", "cluster_status": health["status"]}
    except Exception as error:
        return {"status": "down", "error": error.__class__.__name__}


def _task_queue() -> dict[str, Any]:
    from core import task_queue

    try:
        numbers = task_queue.stats()
    except Exception as error:
        return {"status": "down", "error": error.__class__.__name__}
    return {"status": "up", **numbers, "problems": task_queue.problems(numbers)}


def _search_outbox() -> dict[str, Any]:
    from search import outbox

    try:
        numbers = outbox.backlog()
    except Exception as error:
        return {"status": "down", "error": error.__class__.__name__}
    return {"status": "up", **numbers, "problems": outbox.backlog_problems(numbers)}


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    checks = {
        "database": _database(),
        "elasticsearch": _elasticsearch(),
        "task_queue": _task_queue(),
        "search_outbox": _search_outbox(),
    }
    all_up = all(check["status"] == "up" for check in checks.values())
    behind = any(check.get("problems") for check in checks.values())
    if checks["database"]["status"] != "up":
        status = "down"
    else:
        status = "ok" if all_up and not behind else "degraded"
    return JsonResponse({"status": status, **checks}, status=200 if all_up else 503)
