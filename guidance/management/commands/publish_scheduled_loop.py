import time

from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Publishes and unpublishes scheduled pages every minute (run beside the task worker)."

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=int, default=60, help="Seconds between runs.")
        parser.add_argument("--once", action="store_true", help="Run once and stop.")

    def handle(self, *args, interval: int, once: bool, **options):
        while True:
            call_command("publish_scheduled", verbosity=options["verbosity"])
            if once:
                return
            time.sleep(interval)
