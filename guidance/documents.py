"""Who may download a Wagtail document.

A document is for members only when its collection is behind a "logged-in users"
restriction, or when the pages that use it are all members-only pages: a leaflet on a
members-only resource page must not be fetchable by the public through /documents/.
"""

from __future__ import annotations

from wagtail.models import CollectionViewRestriction, Page, ReferenceIndex

from guidance.visibility import is_members_only


def _collection_is_members_only(document) -> bool:
    collections = document.collection.get_ancestors(inclusive=True)
    return CollectionViewRestriction.objects.filter(
        collection__in=collections, restriction_type=CollectionViewRestriction.LOGIN
    ).exists()


def _pages_using(document) -> list[Page]:
    from guidance.models import ResourcePage

    pages = list(ResourcePage.objects.live().filter(document=document))
    # Stream blocks (document downloads on guidance pages) are found through Wagtail's
    # reference index.
    page_ids = [
        int(ref.object_id)
        for ref in ReferenceIndex.get_references_to(document).select_related("base_content_type")
        if ref.base_content_type.model_class() is Page
        or issubclass(ref.base_content_type.model_class(), Page)
    ]
    pages += list(Page.objects.live().filter(pk__in=page_ids).exclude(pk__in=[p.pk for p in pages]))
    return pages


def is_members_only_document(document) -> bool:
    if _collection_is_members_only(document):
        return True
    pages = _pages_using(document)
    return bool(pages) and all(is_members_only(page) for page in pages)
