"""Search documents for the forum's threads (title, opening post, replies). A thread's
audiences are its category's, so a category made private or public re-queues every thread
in it."""

from __future__ import annotations

from django.db.models import Prefetch, Q

from forum.models import Post, Thread
from search.documents import WaymarkDocument
from search.index_helpers import audiences_of, related, suggestion, summary, text
from search.registry import IndexSpec, Watch, register

MAX_REPLY_TEXT = 20_000


class ThreadDocument(WaymarkDocument):
    pass


def build_thread(thread) -> dict | None:
    audiences = audiences_of(thread)
    if not audiences or thread.is_held:  # waiting for a coordinator's approval
        return None
    posts = [p for p in related(thread, "posts") if p.is_visible]
    opening = next((p for p in posts if p.is_opening), posts[0] if posts else None)
    replies = text(*(p.html for p in posts if p is not opening))[:MAX_REPLY_TEXT]
    category = thread.category
    return {
        "type": "thread",
        "object_id": str(thread.pk),
        "audiences": audiences,
        "title": thread.title,
        "body": text(opening.html if opening else "", replies),
        "summary": summary(opening.html if opening else ""),
        "url": thread.get_absolute_url(),
        "categories": [category.name],
        "category_text": category.name,
        "closed": False,
        "status": "Closed" if thread.closed else "Open",
        "updated_at": thread.last_post_at,
        "suggest": suggestion(thread.title),
    }


def thread_queryset():
    return Thread.objects.select_related("category").prefetch_related(
        Prefetch(
            "posts",
            queryset=Post.objects.only(
                "pk",
                "thread_id",
                "html",
                "is_opening",
                "is_removed",
                "is_hidden",
                "held_at",
                "created_at",
            ),
            to_attr="search_posts",
        )
    )


def thread_fallback(query: str):
    return thread_queryset().filter(Q(title__icontains=query) | Q(posts__source__icontains=query))


def _threads_in(category):
    return category.threads.values_list("pk", flat=True)


register(
    IndexSpec(
        name="threads",
        label="Forum",
        document=ThreadDocument,
        model="forum.Thread",
        build=build_thread,
        queryset=thread_queryset,
        fallback=thread_fallback,
        watches=(
            Watch("forum.Post", lambda post: [post.thread_id]),
            Watch("forum.Category", _threads_in),
        ),
        order=30,
    )
)
