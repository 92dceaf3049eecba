from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    name = "directory"

    def ready(self) -> None:
        from directory import closing  # noqa: F401  (hands over its records when an account closes)

    def set_up_roles(self) -> None:
        """Called by accounts.roles after every migrate."""
        from directory.workflows import ensure_approval_workflow

        ensure_approval_workflow()
