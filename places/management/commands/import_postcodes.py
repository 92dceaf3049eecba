"""Load postcode centres from the ONS Postcode Directory (ONSPD) or OS Code-Point Open.

    manage.py import_postcodes ONSPD_FEB_2025_UK.csv
    manage.py import_postcodes codepo_gb/Data/CSV/co.csv        # Code-Point Open, no header

Full postcodes are stored with their centre; each district (CO1) gets the mean of its
postcodes. Terminated ONSPD postcodes (with a ``doterm``) are skipped.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from tqdm import tqdm

from places.models import Postcode
from places.osgb import osgb36_to_wgs84
from places.postcodes import district_of, is_full_postcode, normalise_postcode

BATCH = 5000


def _rows(path: Path) -> Iterator[tuple[str, str | float, str | float]]:
    """(postcode, latitude, longitude), the coordinates as read or converted, from either format."""
    with path.open(newline="", encoding="utf-8-sig") as handle:
        first = handle.readline()
        handle.seek(0)
        header = [c.strip().strip('"').lower() for c in first.split(",")]
        if {"pcds", "lat", "long"} <= set(header) or {"pcd", "lat", "long"} <= set(header):
            for row in csv.DictReader(handle, fieldnames=None):
                row = {k.lower(): v for k, v in row.items()}
                if row.get("doterm"):
                    continue
                yield row.get("pcds") or row.get("pcd", ""), row["lat"], row["long"]
        elif {"postcode", "latitude", "longitude"} <= set(header):
            for row in csv.DictReader(handle):
                row = {k.lower(): v for k, v in row.items()}
                yield row["postcode"], row["latitude"], row["longitude"]
        else:  # Code-Point Open: postcode, quality, eastings, northings, ...
            for cells in csv.reader(handle):
                if len(cells) < 4:
                    yield cells[0] if cells else "", "", ""
                    continue
                try:
                    lat, lon = osgb36_to_wgs84(float(cells[2]), float(cells[3]))
                except ValueError:
                    yield cells[0], "", ""
                    continue
                yield cells[0], lat, lon


class Command(BaseCommand):
    help = "Import postcode centres from an ONSPD or Code-Point Open CSV file."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("csv", type=Path)
        parser.add_argument("--dry-run", action="store_true")

    def handle(self, *args: Any, csv: Path, dry_run: bool, **options: Any) -> None:
        if not csv.exists():
            raise CommandError(f"No such file: {csv}")
        loaded, skipped = {}, 0
        for raw, lat, lon in tqdm(_rows(csv), desc="postcodes", disable=options["verbosity"] < 1):
            postcode = normalise_postcode(raw)
            try:
                point = (float(lat), float(lon))
            except (TypeError, ValueError):
                skipped += 1
                continue
            # ONSPD marks postcodes without a grid reference with latitude 99.999999.
            if not is_full_postcode(postcode) or not (49 <= point[0] <= 61):
                skipped += 1
                continue
            loaded[postcode] = point
        districts: dict[str, list[tuple[float, float]]] = defaultdict(list)
        for postcode, point in loaded.items():
            districts[district_of(postcode)].append(point)
        records = [
            Postcode(postcode=pc, is_district=False, latitude=lat, longitude=lon)
            for pc, (lat, lon) in loaded.items()
        ] + [
            Postcode(
                postcode=district,
                is_district=True,
                latitude=sum(p[0] for p in points) / len(points),
                longitude=sum(p[1] for p in points) / len(points),
            )
            for district, points in districts.items()
        ]
        if not dry_run:
            with transaction.atomic():
                for start in range(0, len(records), BATCH):
                    Postcode.objects.bulk_create(
                        records[start : start + BATCH],
                        update_conflicts=True,
                        unique_fields=["postcode"],
                        update_fields=["is_district", "latitude", "longitude"],
                    )
        self.stdout.write(
            f"{'Checked' if dry_run else 'Imported'} {len(loaded)} postcodes in "
            f"{len(districts)} districts; skipped {skipped} rows without a valid postcode "
            "or position."
        )
