from django.apps import AppConfig


class PathwaysConfig(AppConfig):
    name = "pathways"
    verbose_name = "Referral pathways"

    def ready(self) -> None:
        from pathways import closing  # noqa: F401  (hands over its records when an account closes)
