"""Import an Open Referral UK feed or file into the directory.

    manage.py import_oruk https://example.org/api/oruk/          # a whole feed, page by page
    manage.py import_oruk services.json --dry-run                # a file: one record, a page
                                                                 # of records, or a list

Idempotent by id. Each record goes in whole or not at all (and the import is tried again
while SQLite is locked by another writer); a bad record is reported with
its id and reason and skipped, and the rest go in. --dry-run changes nothing.
"""

from __future__ import annotations

import json
import urllib.parse
import urllib.request
from functools import partial
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from core.db import retry_when_locked
from openreferral.importer import Importer, guess_kind
from openreferral.serialisers import Record

TIMEOUT = 30


class DryRun(Exception):
    def __init__(self, importer: Importer):
        self.importer = importer


def _fetch_json(url: str) -> Any:
    """The JSON document at ``url``: any JSON value."""
    request = urllib.request.Request(url, headers={"Accept": "application/json"})
    with urllib.request.urlopen(request, timeout=TIMEOUT) as response:  # noqa: S310
        return json.loads(response.read().decode("utf-8"))


def _records(data: Any) -> list[Any]:
    """The records in a document: a page's contents, a list, or one record."""
    if isinstance(data, dict) and isinstance(data.get("contents"), list):
        contents: list[Any] = data["contents"]
        return contents
    if isinstance(data, list):
        return data
    return [data]


def _feed_services(base: str) -> list[Record]:
    """Every service of a feed, fetched in full (lists carry only summaries)."""
    base = base.rstrip("/") + "/"
    records, page = [], 1
    while True:
        listing = _fetch_json(urllib.parse.urljoin(base, f"services?page={page}&per_page=100"))
        for summary in listing.get("contents", []):
            records.append(_fetch_json(urllib.parse.urljoin(base, f"services/{summary['id']}")))
        if listing.get("last_page", True) or not listing.get("contents"):
            return records
        page += 1


class Command(BaseCommand):
    help = "Import organisations, services, locations and taxonomy from an ORUK feed or file."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("source", help="A feed URL (its root or /services) or a JSON file")
        parser.add_argument("--dry-run", action="store_true", help="Check only; change nothing")

    def handle(self, *args: Any, source: str, dry_run: bool, **options: Any) -> None:
        groups = self._load(source)
        quiet = options["verbosity"] < 1

        def import_all() -> Importer:
            importer = Importer()
            for kind, records in groups:
                importer.run(
                    kind,
                    records,
                    progress=partial(tqdm, desc=kind, disable=quiet),
                )
            if dry_run:
                raise DryRun(importer)
            return importer

        # All or nothing, and run again from the start if another writer holds the database.
        try:
            importer = retry_when_locked(import_all)
        except DryRun as dry:
            importer = dry.importer
        report = importer.report
        for kind, record_id, reason in report.errors:
            self.stderr.write(f"Skipped {kind} {record_id}: {reason}")
        prefix = "Dry run, nothing changed: would have " if dry_run else "Imported: "
        self.stdout.write(prefix + report.summary())
        return None

    def _load(self, source: str) -> list[tuple[str, list[Any]]]:
        if source.startswith(("http://", "https://")):
            try:
                path = urllib.parse.urlparse(source).path.rstrip("/")
                if path.endswith("/services") or not path.split("/")[-1].startswith("service"):
                    base = source.rstrip("/").removesuffix("/services")
                    return [("service", _feed_services(base))]
                data = _fetch_json(source)
            except (OSError, ValueError) as error:
                raise CommandError(f"Could not read {source}: {error}") from error
        else:
            file = Path(source)
            if not file.exists():
                raise CommandError(f"No such file: {source}")
            try:
                data = json.loads(file.read_text(encoding="utf-8"))
            except (UnicodeDecodeError, json.JSONDecodeError) as error:
                raise CommandError(f"{source} is not valid JSON: {error}") from error
        records = _records(data)
        groups: dict[str, list[Any]] = {}
        for record in records:
            kind = guess_kind(record) if isinstance(record, dict) else "service"
            groups.setdefault(kind, []).append(record)
        order = ["taxonomy", "taxonomy_term", "organization", "service", "service_at_location"]
        return [(kind, groups[kind]) for kind in order if kind in groups]
