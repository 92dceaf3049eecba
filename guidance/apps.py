from django.apps import AppConfig


class GuidanceConfig(AppConfig):
    name = "guidance"

    def set_up_roles(self) -> None:
        """Called by accounts.roles after every migrate."""
        from guidance.editorial import ensure_editorial_setup

        ensure_editorial_setup()

    def ready(self) -> None:
        from wagtail.models import Page
        from wagtail.signals import post_page_move

        from core import caching
        from guidance.models import FooterLink, Helpline

        # Publishing, unpublishing, moving or deleting any page saves or deletes it.
        caching.bump_on_change(caching.PAGES, Page, FooterLink, Helpline)
        post_page_move.connect(_page_moved, dispatch_uid="guidance.page_moved")


def _page_moved(**kwargs) -> None:
    from core import caching

    caching.bump_after_commit(caching.PAGES)
