"""Search documents for Wagtail pages: published pages only; a page behind Wagtail's
"private, logged-in users" restriction is for members; other restrictions keep it out."""

from __future__ import annotations

from django.db.models import Prefetch, Q, prefetch_related_objects
from django.db.models.signals import post_save, pre_delete
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

from search.documents import WaymarkDocument
from search.index_helpers import audiences_of, related, suggestion, summary, text
from search.outbox import queue
from search.registry import IndexSpec, register

TEXT_FIELDS = ("intro", "description", "body")


class PageDocument(WaymarkDocument):
    pass


def _field_text(page, name: str) -> str:
    value = getattr(page, name, None)
    if value is None:
        return ""
    stream_block = getattr(value, "stream_block", None)
    if stream_block is not None:
        return text(*stream_block.get_searchable_content(value))
    return text(value)


def build_page(page) -> dict | None:
    page = page.specific
    if not hasattr(page, "audiences") or page.depth <= 1:
        return None
    audiences = audiences_of(page)
    if not audiences:
        return None
    intro = getattr(page, "summary", "") or page.search_description
    tags = related(page, "audience_tags") if hasattr(page, "audience_tags") else None
    return {
        "type": "page",
        "object_id": str(page.pk),
        "audiences": audiences,
        "title": page.title,
        "body": text(intro, *(_field_text(page, name) for name in TEXT_FIELDS)),
        "summary": summary(intro or _field_text(page, "body") or _field_text(page, "intro")),
        "url": page.url or "",
        # A page's type ("Guidance page") is no category: the "Guidance" tab already says
        # what kind of result it is, and the category facet lists the directory's taxonomy.
        "categories": [],
        "category_text": text(*(t.name for t in tags)) if tags is not None else "",
        "closed": False,
        "status": "Published",
        "updated_at": page.last_published_at,
        "suggest": suggestion(page.title),
    }


def page_queryset():
    # Each page as its own type, read a content type at a time rather than one by one.
    return Page.objects.filter(depth__gt=1).specific()


def prepare_pages(pages: list) -> None:
    """What ``build_page`` reads for a batch: audience tags a page type at a time, and the
    view restrictions (Wagtail reads a page's ancestors and their restrictions per page)."""
    by_type: dict[type, list] = {}
    for page in pages:
        if hasattr(page, "audience_tags"):
            by_type.setdefault(type(page), []).append(page)
    for same_type in by_type.values():
        prefetch_related_objects(
            same_type, Prefetch("audience_tags", to_attr="search_audience_tags")
        )
    restrictions = list(
        PageViewRestriction.objects.select_related("page").only("restriction_type", "page__path")
    )
    for page in pages:
        if page.alias_of_id:
            continue  # an alias takes its source page's restrictions: Wagtail reads those
        applying = [r for r in restrictions if page.path.startswith(r.page.path)]
        # page.audiences() asks this; the answer is the same as Wagtail's query's.
        page.get_view_restrictions = lambda applying=applying: applying


def page_fallback(query: str):
    return page_queryset().live().filter(Q(title__icontains=query))


def connect_page_signals() -> None:
    """Pages save through many subclasses; Wagtail's own signals say when one goes live."""

    def page_changed(sender, instance, **kwargs):
        if isinstance(instance, Page):
            queue("pages", [instance.pk])

    def restriction_changed(sender, instance, **kwargs):
        page = instance.page
        queue("pages", page.get_descendants(inclusive=True).values_list("pk", flat=True))

    def page_moved_under(sender, instance, **kwargs):
        # Under or out of a private section: it and everything below it change audience
        # (and address).
        moved = Page.objects.get(pk=instance.pk)
        queue("pages", moved.get_descendants(inclusive=True).values_list("pk", flat=True))

    page_published.connect(page_changed, dispatch_uid="search-page-published", weak=False)
    post_page_move.connect(page_moved_under, dispatch_uid="search-page-moved", weak=False)
    page_unpublished.connect(page_changed, dispatch_uid="search-page-unpublished", weak=False)
    pre_delete.connect(page_changed, dispatch_uid="search-page-deleted", weak=False)
    post_save.connect(
        restriction_changed,
        sender=PageViewRestriction,
        dispatch_uid="search-restriction-saved",
        weak=False,
    )
    pre_delete.connect(
        restriction_changed,
        sender=PageViewRestriction,
        dispatch_uid="search-restriction-deleted",
        weak=False,
    )


register(
    IndexSpec(
        name="pages",
        label="Guidance",
        document=PageDocument,
        model="wagtailcore.Page",
        build=build_page,
        queryset=page_queryset,
        prepare=prepare_pages,
        fallback=page_fallback,
        extra={"connect": connect_page_signals, "own_signals": False},
        order=50,
    )
)
