"""``/healthz``: is the database, Elasticsearch and the task queue usable?"""

from typing import Any

from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.utils import timezone
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
    from django_tasks_db.models import DBTaskResult

    try:
        ready = DBTaskResult.objects.ready()
        oldest = ready.order_by("enqueued_at").values_list("enqueued_at", flat=True).first()
        age = (timezone.now() - oldest).total_seconds() if oldest else 0
        return {"status": "up", "queued": ready.count(), "oldest_queued_seconds": round(age, 1)}
    except Exception as error:
        return {"status": "down", "error": error.__class__.__name__}


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    checks = {
        "database": _database(),
        "elasticsearch": _elasticsearch(),
        "task_queue": _task_queue(),
    }
    all_up = all(check["status"] == "up" for check in checks.values())
    status = "ok" if all_up else ("down" if checks["database"]["status"] != "up" else "degraded")
    return JsonResponse({"status": status, **checks}, status=200 if all_up else 503)
