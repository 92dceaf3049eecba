from django.core.management.base import BaseCommand

from forum.models import ForumSettings, Notification
from forum.tasks import send_digest


class Command(BaseCommand):
    help = "Queues the daily digest e-mail for everyone who chose it (run once a day, e.g. cron)."

    def handle(self, *args, **options):
        user_ids = set(
            Notification.objects.filter(
                emailed_at__isnull=True,
                read_at__isnull=True,
                user__forum_settings__email=ForumSettings.Email.DAILY,
            ).values_list("user_id", flat=True)
        )
        for user_id in sorted(user_ids):
            send_digest.enqueue(user_id)
        self.stdout.write(f"Queued {len(user_ids)} digest(s).")
