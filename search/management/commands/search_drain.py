import time
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from search.indexing import drain
from search.models import IndexUpdate


class Command(BaseCommand):
    help = "Apply queued search index updates now (or keep doing so with --watch)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--watch", action="store_true", help="Keep draining every few seconds.")
        parser.add_argument("--interval", type=float, default=5.0)
        parser.add_argument(
            "--all",
            action="store_true",
            help="Retry failed updates now instead of waiting for their back-off.",
        )

    def handle(
        self,
        *args: Any,
        watch: bool = False,
        interval: float = 5.0,
        all: bool = False,
        **options: Any,
    ) -> None:
        while True:
            if all:
                IndexUpdate.objects.update(next_attempt_at=timezone.now())
            totals = drain()
            self.stdout.write(
                f"applied {totals['applied']}, failed {totals['failed']}, "
                f"{IndexUpdate.objects.count()} still queued"
            )
            if not watch:
                return
            time.sleep(interval)
