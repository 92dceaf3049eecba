"""The index queue recovers by itself: one drain waiting at most, a backlog drains with no new
write, updates are retried as soon as Elasticsearch answers again, and work a dead worker left
RUNNING is taken up again. These run the real database queue and a real worker loop."""

import io
from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.core.management import call_command
from django.db.models import QuerySet
from django.test import override_settings
from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from core import schedule as core_schedule
from core import task_queue
from search import indexing, schedule, tasks
from search.models import IndexUpdate
from search.tests.helpers import elasticsearch_unreachable, run_search, titles
from tests.factories import ServiceFactory

pytestmark = pytest.mark.django_db

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def database_queue(monkeypatch):
    # The worker recycles its connection between tasks; inside a test's transaction it must not.
    monkeypatch.setattr(
        "django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None
    )
    with override_settings(TASKS=DATABASE_QUEUE):
        yield


def run_worker() -> None:
    """One worker process's worth: run every ready task, then stop."""
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", stdout=io.StringIO())


def drains() -> QuerySet[DBTaskResult[Any, Any]]:
    return DBTaskResult.objects.filter(task_path=tasks.DRAIN_TASK_PATH)


def test_writes_during_an_outage_leave_one_drain_waiting_not_one_each(
    search_indices, database_queue, django_capture_on_commit_callbacks
):
    with elasticsearch_unreachable():
        for n in range(5):
            with django_capture_on_commit_callbacks(execute=True):
                ServiceFactory.create(name=f"Written in the outage {n}")
            run_worker()  # each drain fails, backs off and defers the next one
    assert tasks.waiting_drain_count() == 1
    assert drains().filter(status=TaskResultStatus.SUCCESSFUL).count() >= 1


def test_a_deferred_drain_is_moved_earlier_instead_of_a_second_one_queued(database_queue):
    later = timezone.now() + timedelta(minutes=10)
    tasks.enqueue_drain(run_after=later)
    tasks.enqueue_drain(run_after=later + timedelta(minutes=5))
    assert drains().get().run_after == later
    tasks.enqueue_drain()
    waiting = drains().get()
    assert waiting.run_after <= timezone.now()
    assert DBTaskResult.objects.ready().filter(pk=waiting.pk).exists()


def test_duplicate_waiting_drains_collapse_into_one(database_queue):
    for _ in range(3):
        tasks.drain_outbox.enqueue()  # as an older release did
    tasks.enqueue_drain()
    assert drains().count() == 1


def test_a_backlog_drains_on_the_periodic_job_with_no_new_write(search_indices, database_queue):
    service = ServiceFactory.create(name="Backlogged helpline")  # its drain was never queued
    assert IndexUpdate.objects.exists() and not drains().exists()
    schedule.keep_search_outbox_draining()
    run_worker()
    indexing.refresh()
    assert not IndexUpdate.objects.exists()
    assert titles(run_search(q="backlogged", type="service")) == [service.name]


def test_updates_that_failed_while_elasticsearch_was_down_go_as_soon_as_it_answers(
    search_indices, database_queue
):
    service = ServiceFactory.create(name="Back online service")
    with elasticsearch_unreachable():
        indexing.drain()
        schedule.keep_search_outbox_draining()  # still down: nothing is pulled forward
    rows = IndexUpdate.objects.filter(object_id=str(service.pk), index="services")
    assert rows.exists()
    assert all(row.next_attempt_at > timezone.now() for row in rows)
    poison = IndexUpdate.objects.create(
        index="services",
        object_id="999999",
        attempts=3,
        next_attempt_at=timezone.now() + timedelta(minutes=8),
        last_error="{'type': 'mapper_parsing_exception', 'reason': 'bad document'}",
    )
    schedule.keep_search_outbox_draining()  # Elasticsearch answers again
    run_worker()
    indexing.refresh()
    assert titles(run_search(q="back online", type="service")) == [service.name]
    poison.refresh_from_db()
    assert poison.next_attempt_at > timezone.now() + timedelta(minutes=7)  # waits its turn


def _claim_a_drain(worker_id: str) -> DBTaskResult[Any, Any]:
    tasks.enqueue_drain()
    claimed = drains().get()
    claimed.claim(worker_id)
    return claimed


def test_a_task_left_running_by_a_killed_worker_is_taken_up_after_its_lease(
    search_indices, database_queue, settings
):
    settings.TASKS_LEASE_SECONDS = 60
    service = ServiceFactory.create(name="Survivor of a killed worker")
    killed = _claim_a_drain("killed-worker")
    assert task_queue.requeue_abandoned() == 0  # still within its lease
    with time_machine.travel(timezone.now() + timedelta(seconds=61)):
        core_schedule.requeue_abandoned_tasks()
        killed.refresh_from_db()
        assert killed.status == TaskResultStatus.READY
        run_worker()
    killed.refresh_from_db()
    assert killed.status == TaskResultStatus.SUCCESSFUL
    indexing.refresh()
    assert titles(run_search(q="survivor", type="service")) == [service.name]


def test_healthz_and_search_status_report_a_stuck_backlog_and_abandoned_work(
    client, search_indices, database_queue, settings
):
    settings.TASKS_LEASE_SECONDS = 60
    settings.HEALTH_OUTBOX_MAX_AGE_SECONDS = 120
    with time_machine.travel(timezone.now() - timedelta(minutes=10)):
        ServiceFactory.create(name="Long-waiting update")
        _claim_a_drain("gone-worker")
    body = client.get("/healthz").json()
    assert body["status"] == "degraded"
    assert body["task_queue"]["stale_running"] == 1
    assert body["search_outbox"]["waiting"] >= 1
    assert body["search_outbox"]["oldest_seconds"] >= 590
    out = io.StringIO()
    call_command("search_status", stdout=out)
    assert "1 running (1 past their lease)" in out.getvalue()
    assert "status: degraded" in out.getvalue()


def test_healthz_says_ok_once_the_backlog_has_drained(client, search_indices, index_now):
    ServiceFactory.create(name="Quickly indexed")
    index_now()
    body = client.get("/healthz").json()
    assert body["status"] == "ok"
    assert body["search_outbox"] == {
        "status": "up",
        "waiting": 0,
        "oldest_seconds": 0,
        "backing_off": 0,
        "problems": [],
    }
