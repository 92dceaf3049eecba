from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from demo import accounts, directory, forum, guidance, pathways, search


class Command(BaseCommand):
    help = "Builds (or brings up to date) a fictional network for Colchester and north Essex."

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.WAYMARK_ENVIRONMENT == "production":
            raise CommandError("seed_demo refuses to run under production settings.")
        with transaction.atomic():
            directory.seed(self.stdout)
            search.seed(self.stdout)
            accounts.seed(self.stdout)
            guidance.seed(self.stdout)
            forum.seed(self.stdout)
            pathways.seed(self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo data is in place."))
