"""Who may fetch a Wagtail document or image.

A file is for members only when its collection is behind a "logged-in users" restriction,
or when the live pages that use it are all members-only pages: a leaflet or a preview
picture on a members-only resource page must not be fetchable by the public, whether
through /documents/ or /media/. A picture that is also an organisation's logo is public.
"""

from __future__ import annotations

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from wagtail.models import CollectionViewRestriction, Page, ReferenceIndex

from accounts import policy
from guidance.visibility import is_members_only


def _collection_is_members_only(collection) -> bool:
    collections = collection.get_ancestors(inclusive=True)
    return CollectionViewRestriction.objects.filter(
        collection__in=collections, restriction_type=CollectionViewRestriction.LOGIN
    ).exists()


def _pages_using(obj, resource_field: str) -> list[Page]:
    from guidance.models import ResourcePage

    pages = list(ResourcePage.objects.live().filter(**{resource_field: obj}))
    # Stream blocks (downloads and pictures on guidance pages) are found through Wagtail's
    # reference index.
    page_ids = [
        int(ref.object_id)
        for ref in ReferenceIndex.get_references_to(obj).select_related("base_content_type")
        if issubclass(ref.base_content_type.model_class() or type(None), Page)
    ]
    pages += list(Page.objects.live().filter(pk__in=page_ids).exclude(pk__in=[p.pk for p in pages]))
    return pages


def _only_members_only_pages_use(obj, resource_field: str) -> bool:
    pages = _pages_using(obj, resource_field)
    return bool(pages) and all(is_members_only(page) for page in pages)


def is_members_only_document(document) -> bool:
    return _collection_is_members_only(document.collection) or _only_members_only_pages_use(
        document, "document"
    )


def is_members_only_image(image) -> bool:
    from directory.models import Organisation

    if _collection_is_members_only(image.collection):
        return True
    if Organisation.objects.filter(logo=image).exists():
        return False
    return _only_members_only_pages_use(image, "preview_image")


def refuse_unless_member(request, what: str):
    """The answer to someone who may not have a members-only file: sign in first, or 403.
    None when they may have it."""
    if policy.is_member(request.user):
        return None
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    raise PermissionDenied(f"This {what} is for members of the network.")
