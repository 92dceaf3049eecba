"""Forms and documents attached to referral pathways (Wagtail documents).

Files members upload for a pathway go into their own collection, and are served only to
people who may read a pathway that uses them; documents from elsewhere (guidance's
leaflets, the NRM forms) keep their own rules.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import QuerySet
from wagtail.documents import get_document_model
from wagtail.models import Collection, CollectionViewRestriction

if TYPE_CHECKING:
    from wagtail.documents.models import AbstractDocument

COLLECTION_NAME = "Referral pathway documents"
MAX_UPLOAD_BYTES = 10 * 1024 * 1024


def pathway_collection() -> Collection:
    existing = Collection.objects.filter(name=COLLECTION_NAME, depth=2).first()
    if existing is not None:
        return existing
    return Collection.get_first_root_node().add_child(name=COLLECTION_NAME)


def is_pathway_upload(document: AbstractDocument) -> bool:
    return bool(
        Collection.objects.filter(pk=document.collection_id, name=COLLECTION_NAME, depth=2).exists()
    )


def attachable_documents() -> QuerySet[AbstractDocument]:
    """What members may pick from: every document outside password- or group-restricted
    collections (those are for named Wagtail groups, not for a site-wide list)."""
    restricted = CollectionViewRestriction.objects.exclude(
        restriction_type=CollectionViewRestriction.LOGIN
    ).values("collection")
    documents: QuerySet[AbstractDocument] = (
        get_document_model().objects.exclude(collection__in=restricted).order_by("title")
    )
    return documents
