"""The search index of referral pathways: title, summary, emergency route, steps and the
organisations taking part. Superseded versions leave the index; drafts and proposals are for
members whatever their visibility (Pathway.audiences)."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, Q, QuerySet

from pathways.models import Pathway
from search.documents import WaymarkDocument
from search.index_helpers import audiences_of, related, suggestion, summary, text, unique
from search.registry import IndexSpec, Watch, register


class PathwaySearchDocument(WaymarkDocument):
    """(Not ``PathwayDocument``: that is the model of a file attached to a pathway.)"""


def build_pathway(pathway: Pathway) -> dict[str, Any] | None:
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
        "status": pathway.standing,
        "updated_at": pathway.updated_at,
        "suggest": suggestion(pathway.title),
    }


def pathway_queryset() -> QuerySet[Pathway]:
    return Pathway.objects.prefetch_related(
        Prefetch("steps", to_attr="search_steps"),
        Prefetch("participating_organisations", to_attr="search_participating_organisations"),
    )


def pathway_fallback(query: str) -> QuerySet[Pathway]:
    return pathway_queryset().filter(Q(title__icontains=query) | Q(summary__icontains=query))


register(
    IndexSpec(
        name="pathways",
        label="Pathways",
        document=PathwaySearchDocument,
        model="pathways.Pathway",
        build=build_pathway,
        queryset=pathway_queryset,
        fallback=pathway_fallback,
        m2m=("participating_organisations",),
        watches=(Watch("pathways.PathwayStep", lambda step: [step.pathway_id]),),
        order=40,
    )
)
