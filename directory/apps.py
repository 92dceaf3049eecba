from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    name = "directory"

    def set_up_roles(self) -> None:
        """Called by accounts.roles after every migrate."""
        from directory.workflows import ensure_approval_workflow

        ensure_approval_workflow()

    def ready(self) -> None:
        from core import caching
        from directory import (
            closing,  # noqa: F401  (hands over its records when an account closes)
            models,
        )

        # What the directory's pages show; shortlists, reports, imports and the access log
        # appear on no page kept for visitors.
        caching.bump_on_change(
            caching.DIRECTORY,
            models.Taxonomy,
            models.Category,
            models.Area,
            models.Language,
            models.Organisation,
            models.Location,
            models.ServiceTag,
            models.Service,
            models.Schedule,
            models.Closure,
            models.Availability,
            models.ServiceAtLocation,
        )
