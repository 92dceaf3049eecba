from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from core import retention


class Command(BaseCommand):
    help = (
        "Removes every record kept longer than its period in settings.RETENTION_DAYS "
        "(the scheduler runs this daily). --dry-run lists what would go and changes nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="List; change nothing.")

    def handle(self, *args: Any, dry_run: bool = False, **options: Any) -> None:
        if dry_run:
            for due in retention.due():
                self.stdout.write(
                    f"{due.rule.label}: {due.count} older than {due.rule.days} days "
                    f"({due.rule.key}) would go"
                )
            return
        for key, count in retention.purge().items():
            self.stdout.write(f"{key}: {count} removed")
