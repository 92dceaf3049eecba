"""Search documents for the forum: threads (title, opening post, replies) and referral
pathways. A thread's audiences are its category's, so a category made private or public
re-queues every thread in it."""

from __future__ import annotations

from django.db.models import Prefetch, Q

from search.documents import PathwayDocument, ThreadDocument
from search.indexes.common import audiences_of, related, suggestion, summary, text, unique
from search.registry import IndexSpec, Watch, register

MAX_REPLY_TEXT = 20_000


def build_thread(thread) -> dict | None:
    audiences = audiences_of(thread)
    if not audiences:
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
    from forum.models import Post, Thread

    return Thread.objects.select_related("category").prefetch_related(
        Prefetch(
            "posts",
            queryset=Post.objects.only(
                "pk", "thread_id", "html", "is_opening", "is_removed", "is_hidden", "created_at"
            ),
            to_attr="search_posts",
        )
    )


def thread_fallback(query: str):
    return thread_queryset().filter(Q(title__icontains=query) | Q(posts__source__icontains=query))


def build_pathway(pathway) -> dict | None:
    audiences = audiences_of(pathway)
    if not audiences or pathway.status == pathway.Status.SUPERSEDED:
        return None
    steps = related(pathway, "steps")
    organisations = [o.name for o in related(pathway, "participating_organisations")]
    return {
        "type": "pathway",
        "object_id": str(pathway.pk),
        "audiences": audiences,
        "title": pathway.title,
        "body": text(
            pathway.summary,
            pathway.emergency_route,
            *(f"{s.action} {s.how_to_contact} {s.when_to_contact} {s.timescale}" for s in steps),
            " ".join(organisations),
        ),
        "summary": summary(pathway.summary),
        "url": pathway.get_absolute_url(),
        "categories": unique([pathway.need_category, pathway.get_exploitation_type_display()]),
        "category_text": text(pathway.need_category, pathway.get_exploitation_type_display()),
        "areas": unique([pathway.area]),
        "places": pathway.area,
        "organisation": text(*organisations),
        "closed": False,
        "status": pathway.get_status_display(),
        "updated_at": pathway.updated_at,
        "suggest": suggestion(pathway.title),
    }


def pathway_queryset():
    from pathways.models import Pathway

    return Pathway.objects.prefetch_related(
        Prefetch("steps", to_attr="search_steps"),
        Prefetch("participating_organisations", to_attr="search_participating_organisations"),
    )


def pathway_fallback(query: str):
    return pathway_queryset().filter(Q(title__icontains=query) | Q(summary__icontains=query))


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

register(
    IndexSpec(
        name="pathways",
        label="Pathways",
        document=PathwayDocument,
        model="pathways.Pathway",
        build=build_pathway,
        queryset=pathway_queryset,
        fallback=pathway_fallback,
        m2m=("participating_organisations",),
        watches=(Watch("pathways.PathwayStep", lambda step: [step.pathway_id]),),
        order=40,
    )
)
