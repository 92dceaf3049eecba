from typing import Any

from django.core.management.base import BaseCommand
from django.db.models import Count, Min
from django.utils import timezone

from core import task_queue
from search import registry
from search.client import is_available
from search.indexing import alias_targets, document_count
from search.models import IndexUpdate
from search.outbox import backlog, backlog_problems


class Command(BaseCommand):
    help = "Per index: the alias target, documents against the database, and the update queue."

    def handle(self, *args: Any, **options: Any) -> None:
        queued = {
            row["index"]: row
            for row in IndexUpdate.objects.values("index").annotate(
                count=Count("id"), oldest=Min("created_at")
            )
        }
        up = is_available()
        if not up:
            self.stdout.write(self.style.WARNING("Elasticsearch is unreachable."))
        now = timezone.now()
        header = (
            f"{'index':<15} {'alias target':<50} {'docs':>8} {'db':>8} {'queued':>7}  oldest queued"
        )
        self.stdout.write(header)
        for spec in registry.all_specs():
            targets = ", ".join(alias_targets(spec)) if up else "?"
            docs = document_count(spec) if up else None
            objects = spec.queryset().iterator(chunk_size=1000)
            visible = sum(1 for _, document in spec.documents(objects) if document)
            row = queued.get(spec.name, {})
            oldest = row.get("oldest")
            age = (
                f"{(now - oldest).total_seconds():.0f}s ago ({oldest:%Y-%m-%d %H:%M:%S})"
                if oldest
                else "-"
            )
            self.stdout.write(
                f"{spec.name:<15} {targets or '(none)':<50} {docs if docs is not None else '?':>8} "
                f"{visible:>8} {row.get('count', 0):>7}  {age}"
            )
        waiting = backlog()
        self.stdout.write(
            f"queue: {waiting['waiting']} updates waiting, {waiting['backing_off']} of them "
            f"after a failed attempt; oldest {waiting['oldest_seconds']:.0f}s"
        )
        numbers = task_queue.stats()
        self.stdout.write(
            f"tasks: {numbers['queued']} queued, {numbers['deferred']} deferred, "
            f"{numbers['running']} running ({numbers['stale_running']} past their lease), "
            f"{numbers['failed_last_hour']} failed in the last hour"
        )
        problems = backlog_problems(waiting) + task_queue.problems(numbers)
        if not up:
            problems.insert(0, "Elasticsearch is unreachable")
        if problems:
            self.stdout.write(self.style.WARNING("status: degraded: " + "; ".join(problems)))
        else:
            self.stdout.write(self.style.SUCCESS("status: ok"))
