"""The degraded path: a plain database query through each index's ``fallback``, for when
Elasticsearch cannot answer. The same access policy and filters apply; the results say
they are degraded so the page can tell the user."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib.auth.models import AnonymousUser

from accounts import policy
from search.index_helpers import audiences_of
from search.params import SearchParams
from search.queries import specs_for
from search.results import Hit, Results, distance_km

if TYPE_CHECKING:
    from accounts.models import User


def search_database(user: User | AnonymousUser, params: SearchParams, limit: int = 200) -> Results:
    """A plain database query, for when Elasticsearch cannot answer."""
    results = Results(params=params, degraded=True)
    hits: list[Hit] = []
    counts: dict[str, int] = {}
    for spec in specs_for(params):
        keeps = spec.extra.get("keeps")
        if spec.fallback is None or (_narrowed(params) and keeps is None):
            continue
        queryset = spec.fallback(params.q) if params.q else spec.queryset()
        found = []
        for obj, document in spec.documents(queryset.distinct()[:limit]):
            if not policy.can_see(user, audiences_of(obj)):
                continue
            if document is None or not _matches_filters(document, params):
                continue
            if keeps is not None and not keeps(user, params, obj):
                continue
            found.append(_hit_from_document(document, params))
        counts[spec.type] = len(found)
        if not params.type or params.type == spec.type:
            hits += found
    hits.sort(
        key=lambda h: (
            h.closed,
            h.distance_km if params.sort == "distance" and h.distance_km is not None else 0,
        )
    )
    results.type_counts = {k: v for k, v in counts.items() if v}
    results.total = len(hits)
    if params.page > results.pages:
        params.page = results.pages
    results.hits = hits[params.offset : params.offset + params.per_page]
    return results


def _narrowed(params: SearchParams) -> bool:
    """Asked for something only some indexes answer (``IndexSpec.extra["keeps"]``)."""
    return bool(params.open_at or params.available)


def _matches_filters(document: dict[str, Any], params: SearchParams) -> bool:
    for field_name, values in params.filters.items():
        have = document.get(field_name) or []
        have = have if isinstance(have, list) else [have]
        if not set(values) & set(have):
            return False
    if params.accepting is not None and document.get("accepting_referrals") is not params.accepting:
        return False
    if params.near:
        points = document.get("locations") or []
        if not points or min(distance_km(params.near, p) for p in points) > params.radius_km:
            return False
    return True


def _hit_from_document(document: dict[str, Any], params: SearchParams) -> Hit:
    distance = None
    if params.near and document.get("locations"):
        distance = round(min(distance_km(params.near, p) for p in document["locations"]), 1)
    return Hit(
        type=document["type"],
        id=document["object_id"],
        title=document["title"],
        url=document["url"],
        snippet=document.get("summary", ""),
        organisation=document.get("organisation") or "",
        categories=document.get("categories") or [],
        status=document.get("status") or "",
        accepting_referrals=document.get("accepting_referrals"),
        verified=bool(document.get("verified")),
        closed=bool(document.get("closed")),
        distance_km=distance,
        languages=document.get("languages") or [],
        card=document.get("card") or {},
    )
