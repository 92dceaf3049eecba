from django.apps import AppConfig
from django.db.models.signals import post_migrate


class GuidanceConfig(AppConfig):
    name = "guidance"

    def ready(self) -> None:
        from guidance.editorial import after_migrate

        post_migrate.connect(after_migrate, sender=self, dispatch_uid="guidance_editorial_setup")
