from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from search import registry
from search.indexing import reindex


class Command(BaseCommand):
    help = "Build new versioned search indices from the database, then swap the aliases."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--index",
            action="append",
            choices=registry.names() or None,
            help="Only this index (repeatable). Default: all.",
        )
        parser.add_argument("--chunk-size", type=int, default=500)
        parser.add_argument("--no-progress", action="store_true")

    def handle(
        self,
        *args: Any,
        index: list[str] | None = None,
        chunk_size: int = 500,
        no_progress: bool = False,
        **options: Any,
    ) -> None:
        specs = [registry.get(name) for name in index] if index else registry.all_specs()
        if not specs:
            raise CommandError("No search indices are registered.")
        for spec in specs:
            total = spec.queryset().count()
            with tqdm(
                total=total, desc=spec.name, unit="doc", disable=no_progress, file=self.stderr._out
            ) as bar:
                outcome = reindex(spec, chunk_size=chunk_size, progress=bar.update)
            self.stdout.write(
                f"{spec.name}: {outcome['indexed']} documents in {outcome['index']}"
                + (f" (replaced {', '.join(outcome['replaced'])})" if outcome["replaced"] else "")
            )
