from django.apps import AppConfig


class PathwaysConfig(AppConfig):
    name = "pathways"
    verbose_name = "Referral pathways"

    def ready(self) -> None:
        from core import caching
        from pathways import models

        caching.bump_on_change(
            caching.PATHWAYS,
            models.Pathway,
            models.PathwayStep,
            models.PathwayDocument,
            models.SignOff,
        )
