from django.apps import AppConfig


class ForumConfig(AppConfig):
    name = "forum"

    def ready(self) -> None:
        from forum import closing  # noqa: F401  (hands over its records when an account closes)
