from django.apps import AppConfig


class PathwaysConfig(AppConfig):
    name = "pathways"
    verbose_name = "Referral pathways"

    def ready(self) -> None:
        from core import caching
        from pathways import (
            closing,  # noqa: F401  (hands over its records when an account closes)
            models,
        )

        caching.bump_on_change(
            caching.PATHWAYS,
            models.Pathway,
            models.PathwayStep,
            models.PathwayDocument,
            models.SignOff,
        )
