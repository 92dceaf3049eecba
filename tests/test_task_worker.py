"""The task worker outlives a database restart: it waits, reconnects and carries on, and the
task it was running when the database went is run again rather than left RUNNING. A task that
runs longer than its lease keeps it while its worker lives (a heartbeat), so it never runs twice
at once."""

import io
import time
from unittest import mock

import pytest
from django.core.management import call_command
from django.db.utils import OperationalError
from django.test import override_settings
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult, DBTaskResultQuerySet

from core import task_queue
from core.management.commands.db_worker import ResilientWorker
from search import tasks

pytestmark = pytest.mark.django_db

GONE = OperationalError("server closed the connection unexpectedly")


@pytest.fixture
def database_queue(monkeypatch):
    # The worker recycles its connection between tasks; inside a test's transaction it must not.
    for package in ("django_tasks_db", "core"):
        monkeypatch.setattr(
            f"{package}.management.commands.db_worker.close_old_connections", lambda: None
        )
    with override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}):
        yield


@pytest.fixture
def pauses(monkeypatch) -> list[float]:
    taken: list[float] = []
    monkeypatch.setattr(ResilientWorker, "sleep", lambda self, seconds: taken.append(seconds))
    return taken


def fail_first(count: int, original):
    calls = {"n": 0}

    def flaky(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] <= count:
            raise GONE
        return original(*args, **kwargs)

    return flaky


def run_worker() -> None:
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", stdout=io.StringIO())


def test_the_worker_waits_for_the_database_and_then_runs_the_queue(database_queue, pauses):
    result = tasks.drain_outbox.enqueue()
    ready = fail_first(3, DBTaskResultQuerySet.ready)
    with mock.patch.object(DBTaskResultQuerySet, "ready", ready):
        run_worker()
    assert pauses == [1.0, 2.0, 4.0]  # a growing pause, not an exit
    assert DBTaskResult.objects.get(pk=result.id).status == TaskResultStatus.SUCCESSFUL


def test_the_task_running_when_the_database_went_is_run_again(database_queue, pauses):
    result = tasks.drain_outbox.enqueue()
    with (
        mock.patch.object(
            DBTaskResult, "set_successful", fail_first(1, DBTaskResult.set_successful)
        ),
        mock.patch.object(DBTaskResult, "set_failed", fail_first(1, DBTaskResult.set_failed)),
    ):
        run_worker()
    assert pauses == [1.0]
    assert DBTaskResult.objects.get(pk=result.id).status == TaskResultStatus.SUCCESSFUL


def test_the_upstream_worker_alone_would_have_exited(database_queue):
    from django_tasks_db.management.commands.db_worker import Worker

    worker = Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="plain",
        excluded_queue_names=[],
    )
    with (
        mock.patch.object(DBTaskResultQuerySet, "ready", side_effect=GONE),
        pytest.raises(OperationalError),
    ):
        worker.run()


def test_pages_answer_503_with_retry_after_while_the_database_is_unreachable(client):
    from django.db import connection

    client.raise_request_exception = False
    with mock.patch.object(connection, "ensure_connection", side_effect=GONE):
        response = client.get("/directory/")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "unavailable for a moment" in response.content.decode()
    assert "08000 121 700" in response.content.decode()  # the site's own page, with its help


def test_other_server_errors_stay_500(client, rf):
    from core.views import server_error

    assert server_error(rf.get("/")).status_code == 500


@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # a thread of its own writes
def test_a_task_longer_than_its_lease_keeps_it_while_its_worker_lives(settings):
    settings.TASKS_LEASE_SECONDS = 1
    with override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}):
        tasks.drain_outbox.enqueue()
    long_task = DBTaskResult.objects.get()
    long_task.claim("alive-worker")
    with task_queue.LeaseHeartbeat(long_task.pk, every_seconds=0.2):
        time.sleep(1.6)  # longer than the lease
        assert task_queue.requeue_abandoned() == 0  # renewed: not taken for dead
    time.sleep(1.2)  # the worker is gone: no more heartbeats
    assert task_queue.requeue_abandoned() == 1


def test_the_worker_runs_each_task_under_a_heartbeat(database_queue, monkeypatch):
    beating: list[object] = []

    class Recorded(task_queue.LeaseHeartbeat):
        def __enter__(self):
            beating.append(self.task_id)
            return super().__enter__()

    monkeypatch.setattr(task_queue, "LeaseHeartbeat", Recorded)
    result = tasks.drain_outbox.enqueue()
    run_worker()
    assert [str(task_id) for task_id in beating] == [str(result.id)]
