import time
from argparse import ArgumentParser
from datetime import datetime
from typing import Any

from django.core.management.base import BaseCommand
from django.db import close_old_connections

from core import schedule


class Command(BaseCommand):
    help = "Runs the periodic jobs listed in each app's schedule.py (one, beside the task workers)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--tick", type=float, default=15, help="Seconds between looks.")
        parser.add_argument("--once", action="store_true", help="Run every job once and stop.")
        parser.add_argument("--list", action="store_true", help="List the jobs and stop.")

    def handle(self, *args: Any, tick: float, once: bool, list: bool, **options: Any) -> None:
        if list:
            for job in schedule.jobs():
                when = f"every {job.interval}" if job.interval else f"daily at {job.at:%H:%M}"
                self.stdout.write(f"{job.name}  ({when})")
            return
        last_runs: dict[str, datetime] = {}
        while True:
            ran = schedule.run_due(last_runs)
            if options["verbosity"] > 1 and ran:
                self.stdout.write("Ran " + ", ".join(ran))
            if once:
                return
            time.sleep(tick)
            close_old_connections()
