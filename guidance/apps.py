from django.apps import AppConfig


class GuidanceConfig(AppConfig):
    name = "guidance"

    def set_up_roles(self) -> None:
        """Called by accounts.roles after every migrate."""
        from guidance.editorial import ensure_editorial_setup

        ensure_editorial_setup()
