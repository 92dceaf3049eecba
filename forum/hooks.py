"""What other apps add to forum pages, through Wagtail's hook registry: the forum imports
none of them, and shows nothing extra when none is installed."""

from wagtail import hooks

# Each function registered under this name takes (request, thread) and returns HTML (or "")
# for the column beside a discussion.
THREAD_SIDE_PANELS = "forum_thread_side_panels"


def thread_side_panels(request, thread) -> list[str]:
    return [panel(request, thread) for panel in hooks.get_hooks(THREAD_SIDE_PANELS)]
