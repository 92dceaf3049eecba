"""``manage.py db_worker``: django-tasks-db's worker, made to outlive a database restart.

The upstream worker exits on any database error other than a lock. This one (the same
command name: ``core`` comes before ``django_tasks_db`` in INSTALLED_APPS) waits, with a
growing pause, and carries on once the database answers again. A task that was running when
the database went away stays RUNNING and is taken up again after its lease
(``core.task_queue``), or by this worker as soon as it is back. While a task runs, a
heartbeat thread renews its lease, so a task longer than the lease is not taken for abandoned.
"""

from __future__ import annotations

import logging
import time
from typing import Any

from django.db import close_old_connections
from django.db.utils import InterfaceError, OperationalError
from django_tasks_db.management.commands import db_worker as upstream
from django_tasks_db.models import DBTaskResult

from core import task_queue

logger = logging.getLogger("django_tasks_db")

FIRST_PAUSE_SECONDS = 1.0
LONGEST_PAUSE_SECONDS = 30.0


class ResilientWorker(upstream.Worker):
    current_task_id = None

    def run_task(self, db_task_result: DBTaskResult[Any, Any]) -> None:
        self.current_task_id = db_task_result.pk
        with task_queue.LeaseHeartbeat(db_task_result.pk):
            super().run_task(db_task_result)
        self.current_task_id = None

    def run(self) -> None:
        pause = FIRST_PAUSE_SECONDS
        while self.running:
            try:
                task_queue.requeue_abandoned()
                super().run()
                return  # --batch or --max-tasks reached, or asked to stop
            except (OperationalError, InterfaceError) as error:
                logger.warning(
                    "Database unreachable (%s); worker %s tries again in %.0f s.",
                    error,
                    self.worker_id,
                    pause,
                )
                close_old_connections()
                self.sleep(pause)
                pause = min(pause * 2, LONGEST_PAUSE_SECONDS)
                self.hand_back_interrupted_task()

    def hand_back_interrupted_task(self) -> None:
        """The task this worker was running when the database went is queued again."""
        if self.current_task_id is None:
            return
        try:
            task_queue.requeue(self.current_task_id)
            self.current_task_id = None
        except (OperationalError, InterfaceError):
            pass  # still unreachable: the next turn (or the lease) hands it back

    def sleep(self, seconds: float) -> None:
        time.sleep(seconds)


class Command(upstream.Command):
    help = "Run a database background worker that waits out database restarts"

    def handle(self, **options: Any) -> None:
        # The upstream command builds its Worker by name; hand it this one for the call.
        original = upstream.Worker
        upstream.Worker = ResilientWorker  # type: ignore[misc]
        try:
            super().handle(**options)
        finally:
            upstream.Worker = original  # type: ignore[misc]
