"""What the home page shows: help first, then guidance, events and, for members, their forum."""

from __future__ import annotations

from django.utils import timezone
from wagtail.query import PageQuerySet

from accounts import policy
from guidance.visibility import visible_pages


def home_context(user, guidance: PageQuerySet, events: PageQuerySet) -> dict:
    """The home page's panels, from the guidance and event pages the home page passes in."""
    context = {
        "latest_guidance": list(
            visible_pages(guidance, user).order_by("-first_published_at").defer_streamfields()[:4]
        ),
        "upcoming_events": list(
            visible_pages(events, user).filter(end__gte=timezone.now()).order_by("start")[:3]
        ),
    }
    if policy.is_member(user):
        context.update(member_forum_context(user))
    return context


def member_forum_context(user) -> dict:
    """Forum hook: the member's watched threads and recently agreed pathways.

    The forum and pathways apps own these models; if they are not installed (or not migrated
    to this shape yet) the home page simply leaves the panels out.
    """
    try:
        from forum.models import Watch, WatchLevel
        from pathways.models import Pathway
    except ImportError:
        return {}
    watches = (
        Watch.objects.filter(user=user, thread__isnull=False)
        .exclude(level=WatchLevel.MUTED)
        .select_related("thread__category")
        .order_by("-thread__last_post_at")[:10]
    )
    threads = [
        w.thread for w in watches if w.thread and policy.can_see(user, w.thread.audiences())
    ][:5]
    pathways = [
        p
        for p in Pathway.objects.filter(status=Pathway.Status.AGREED).order_by("-agreed_at")[:10]
        if policy.can_see(user, p.audiences())
    ][:5]
    return {"watched_threads": threads, "recent_pathways": pathways, "show_forum_panels": True}
