from django.core.management.base import BaseCommand
from django.db.models import Count, Min
from django.utils import timezone

from search import registry
from search.client import is_available
from search.indexing import alias_targets, document_count
from search.models import IndexUpdate


class Command(BaseCommand):
    help = "Per index: the alias target, documents against the database, and the update queue."

    def handle(self, *args, **options):
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
        total = IndexUpdate.objects.count()
        failing = IndexUpdate.objects.filter(attempts__gt=0).count()
        self.stdout.write(
            f"queue: {total} updates waiting, {failing} of them after a failed attempt"
        )
