"""Periodic jobs. Each app lists its own in `<app>/schedule.py`; one scheduler process runs them.

    from core.schedule import every, daily_at

    @every(minutes=1)
    def publish_scheduled_pages() -> None: ...

    @daily_at("07:00")
    def queue_daily_digests() -> None: ...

A job should be short: do small things, or enqueue a task for the workers. A job that raises is
logged and tried again at its next turn; the others carry on. Run only one scheduler replica.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.utils import timezone
from django.utils.module_loading import autodiscover_modules

logger = logging.getLogger(__name__)

JobFunction = Callable[[], object]


@dataclass(frozen=True)
class Job:
    name: str
    run: JobFunction
    interval: timedelta | None = None
    at: time | None = None  # local time (settings.TIME_ZONE), once a day

    def is_due(self, last_run: datetime | None, now: datetime) -> bool:
        if self.interval is not None:
            return last_run is None or now - last_run >= self.interval
        assert self.at is not None
        local_now = timezone.localtime(now)
        if local_now.time() < self.at:
            return False
        return last_run is None or timezone.localtime(last_run).date() < local_now.date()


_jobs: dict[str, Job] = {}


def _register(job: Job) -> None:
    _jobs[job.name] = job


def _name_of(function: JobFunction) -> str:
    return f"{function.__module__}.{function.__qualname__}"


def every(*, minutes: float = 0, hours: float = 0) -> Callable[[JobFunction], JobFunction]:
    interval = timedelta(minutes=minutes, hours=hours)
    if interval <= timedelta(0):
        raise ValueError("A periodic job needs a positive interval.")

    def register(function: JobFunction) -> JobFunction:
        _register(Job(name=_name_of(function), run=function, interval=interval))
        return function

    return register


def daily_at(hh_mm: str) -> Callable[[JobFunction], JobFunction]:
    at = time.fromisoformat(hh_mm)

    def register(function: JobFunction) -> JobFunction:
        _register(Job(name=_name_of(function), run=function, at=at))
        return function

    return register


def jobs() -> list[Job]:
    autodiscover_modules("schedule")
    return sorted(_jobs.values(), key=lambda job: job.name)


def run_due(last_runs: dict[str, datetime], now: datetime | None = None) -> list[str]:
    """Runs every job that is due, records when it ran, and returns the names of those that ran."""
    now = now or timezone.now()
    ran = []
    for job in jobs():
        if not job.is_due(last_runs.get(job.name), now):
            continue
        last_runs[job.name] = now
        try:
            job.run()
        except Exception:
            logger.exception("Periodic job %s failed; it runs again at its next turn.", job.name)
        ran.append(job.name)
    return ran


# The task queue's own job lives with the task queue (core), not with any one kind of task.
@every(minutes=1)
def requeue_abandoned_tasks() -> None:
    """Tasks whose worker died mid-run (RUNNING past the lease, no heartbeat) go back to the
    queue."""
    from core import task_queue  # its models load after the app registry, this module before

    task_queue.requeue_abandoned()
