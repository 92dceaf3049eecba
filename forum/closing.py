"""What the forum does when someone closes their account (``accounts.closing``).

Their watches, notifications, read markers and e-mail preference go. A post of theirs that
is theirs alone to remove (nobody replied to it, no moderator or flag points to it, and, for
an opening post, the thread has nothing else) is deleted; every other post stays, in its
place, by "A former member of <organisation>" (the account's name from now on). Every post,
edit, thread title, flag and moderation note that names them (``@handle``, their name
quoted, their address) is rewritten to say "A former member of <organisation>" instead, and
the threads they touched are indexed again.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.dispatch import receiver

from accounts.closing import Identity, account_closing, scrub
from accounts.models import User
from forum.models import (
    Flag,
    ForumSettings,
    ModerationLog,
    Notification,
    Post,
    PostRevision,
    ReadState,
    Thread,
    Watch,
)


def removable_posts(user: User) -> QuerySet[Post]:
    """Posts ``user`` alone could remove without taking anyone else's words or records."""
    others_in_thread = Post.objects.filter(thread=OuterRef("thread")).exclude(pk=OuterRef("pk"))
    thread_stays = (
        Exists(others_in_thread)
        | Exists(ModerationLog.objects.filter(thread=OuterRef("thread")))
        | Q(thread__pathways__isnull=False)  # a referral pathway was drafted from it
    )
    return (
        Post.objects.filter(author=user, is_hidden=False, redacted_at__isnull=True)
        .exclude(Exists(Post.objects.filter(parent=OuterRef("pk"))))
        .exclude(Exists(Flag.objects.filter(post=OuterRef("pk"))))
        .exclude(Exists(ModerationLog.objects.filter(post=OuterRef("pk"))))
        .exclude(Q(is_opening=True) & thread_stays)
    )


def _delete_removable(user: User) -> set[int]:
    posts = list(removable_posts(user).select_related("thread"))
    threads = {p.thread for p in posts if p.is_opening}
    touched = {p.thread_id for p in posts if not p.is_opening}
    for post in posts:
        if not post.is_opening:
            post.delete()
    for thread in threads:
        thread.delete()
    for thread_id in touched:
        _recount(thread_id)
    return touched


def _recount(thread_id: int) -> None:
    posts = Post.objects.filter(thread_id=thread_id, held_at__isnull=True)  # as add_post counts
    latest = posts.order_by("-created_at").values_list("created_at", flat=True).first()
    Thread.objects.filter(pk=thread_id).update(
        post_count=posts.count(), **({"last_post_at": latest} if latest else {})
    )


def _scrub_mentions(identity: Identity) -> None:
    for post in Post.objects.filter(identity.found_in("source")).select_related("thread"):
        post.source = identity.scrub(post.source)
        post.render()
        post.save(update_fields=["source", "html"])  # queues its thread for the index
    scrub(PostRevision, identity, "source")
    scrub(Thread, identity, "title")
    scrub(Flag, identity, "details")
    scrub(ModerationLog, identity, "detail")


@receiver(account_closing, dispatch_uid="forum-account-closing")
def hand_over_forum_records(sender: Any, user: User, identity: Identity, **kwargs: Any) -> None:
    from search import outbox

    for model in (Watch, Notification, ReadState, ForumSettings):
        model.objects.filter(user=user).delete()
    touched = _delete_removable(user)
    _scrub_mentions(identity)
    # Their remaining posts now show their former name: search documents hold post text only,
    # but the threads they wrote in are indexed again so nothing stale of theirs stays.
    touched |= set(Post.objects.filter(author=user).values_list("thread_id", flat=True))
    outbox.queue("threads", touched)
