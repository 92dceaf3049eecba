"""What the forum holds about a person, for their copy of their data (accounts/data_export.py).

Their own posts in full, with every earlier version; of anything else (a thread they watch,
a post they were notified of or flagged) only a link, and its title where they may still
read it: never another person's words."""

from __future__ import annotations

from typing import Any

from accounts import policy
from accounts.data_export import Held, section
from core.site_address import absolute
from forum.models import (
    Flag,
    ForumSettings,
    ModerationLog,
    Notification,
    Post,
    ReadState,
    Thread,
    Watch,
)

NO_LONGER_READABLE = "(a discussion you can no longer read)"


def _thread(user, thread: Thread) -> dict[str, Any]:
    if not policy.can_see(user, thread.audiences()):
        return {"discussion": NO_LONGER_READABLE}
    return {"discussion": thread.title, "link": absolute(thread.get_absolute_url())}


def _post_link(user, post: Post) -> dict[str, Any]:
    found = _thread(user, post.thread)
    if "link" in found:
        found["link"] = absolute(post.get_absolute_url())
    return found


@section
def forum(user) -> Held:
    posts = (
        Post.objects.filter(author=user)
        .select_related("thread__category")
        .prefetch_related("revisions")
        .order_by("created_at", "pk")
    )
    threads = Thread.objects.select_related("category")
    return {
        "Forum posts": [
            {
                "discussion": post.thread.title,
                "link": absolute(post.get_absolute_url()),
                "written": post.created_at,
                "edited": post.edited_at,
                "text": post.source,
                "deleted by you": post.is_removed,
                "hidden by a moderator": post.is_hidden,
                "redacted": post.redacted_at,
                "waiting for approval since": post.held_at,
                "earlier versions": [
                    {
                        "text": revision.source,
                        "replaced": revision.created_at,
                        "edited by you": revision.edited_by_id == user.pk,
                    }
                    for revision in post.revisions.all()
                ],
            }
            for post in posts
        ],
        "Discussions you started": [
            {"discussion": t.title, "started": t.created_at, "category": t.category.name}
            for t in threads.filter(author=user).order_by("created_at")
        ],
        "Posts you flagged": [
            {
                **_post_link(user, flag.post),
                "reason": flag.get_reason_display(),
                "details": flag.details,
                "flagged": flag.created_at,
                "resolved": flag.resolved_at,
            }
            for flag in Flag.objects.filter(flagged_by=user).select_related(
                "post__thread__category"
            )
        ],
        "What you watch": [
            {
                **(
                    _thread(user, watch.thread)
                    if watch.thread
                    else {"category": watch.category.name if watch.category else ""}
                ),
                "level": watch.get_level_display(),
            }
            for watch in Watch.objects.filter(user=user).select_related(
                "thread__category", "category"
            )
        ],
        "Notifications": [
            {
                **_post_link(user, n.post),
                "why": n.get_kind_display(),
                "when": n.created_at,
                "read": n.read_at,
                "e-mailed": n.emailed_at,
            }
            for n in Notification.objects.filter(user=user).select_related("post__thread__category")
        ],
        "Discussions you have read": [
            {**_thread(user, state.thread), "read up to": state.last_read_at}
            for state in ReadState.objects.filter(user=user).select_related("thread__category")
        ],
        "Notification e-mails": [
            {"send": dict(ForumSettings.Email.choices)[ForumSettings.email_preference(user)]}
        ],
        "Moderation about you": [
            {"what": entry.get_action_display(), "when": entry.created_at, "note": entry.detail}
            for entry in ModerationLog.objects.filter(target_user=user)
        ],
    }
