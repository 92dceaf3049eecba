from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

DEMO_PASSWORD = "waymark-demo"


class Command(BaseCommand):
    help = "Builds (or brings up to date) a fictional network for Colchester and north Essex."

    def handle(self, *args, **options):
        if settings.WAYMARK_ENVIRONMENT == "production":
            raise CommandError("seed_demo refuses to run under production settings.")
        from accounts import demo as accounts_demo
        from directory import demo as directory_demo
        from forum import demo as forum_demo
        from guidance import demo as guidance_demo
        from pathways import demo as pathways_demo

        with transaction.atomic():
            directory_demo.seed(self.stdout)
            accounts_demo.seed(self.stdout, password=DEMO_PASSWORD)
            guidance_demo.seed(self.stdout)
            forum_demo.seed(self.stdout)
            pathways_demo.seed(self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo data is in place."))
