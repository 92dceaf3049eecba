"""The directory's service search on Elasticsearch (called from directory/search.py).

Takes the directory's own ``SearchParams`` (category slug with its sub-categories, area
slug, language code, eligibility, "accepting" and "tonight", a located place and radius,
relevance or distance order) and answers with one page of service ids in order, the
total, and each service's distance. Returns None when Elasticsearch cannot answer, so
the directory falls back to its database query.
"""

from __future__ import annotations

from dataclasses import dataclass

from elasticsearch import ApiError, TransportError

from search import registry
from search.client import get_client
from search.query import audience_filter, text_query

PER_PAGE = 20


@dataclass
class ServicePage:
    ids: list[int]
    total: int
    page: int
    distances: dict[int, float]


def find_service_ids(user, params, per_page: int = PER_PAGE) -> ServicePage | None:
    filters = [audience_filter(user), {"bool": {"must_not": {"term": {"eligibility": "inactive"}}}}]
    if params.category:
        filters.append({"term": {"category_slugs": params.category}})
    if params.area:
        filters.append({"term": {"area_slugs": params.area}})
    if params.language:
        filters.append({"term": {"language_codes": params.language}})
    if params.eligibility:
        filters.append({"term": {"eligibility": params.eligibility}})
    if params.accepting or params.tonight:
        filters.append({"term": {"accepting_referrals": True}})
    if params.tonight:
        filters.append({"term": {"eligibility": "tonight"}})
    place = params.place
    point = {"lat": place.latitude, "lon": place.longitude} if place else None
    if point:
        filters.append({"geo_distance": {"distance": f"{params.radius_km}km", "locations": point}})
    must = [text_query(params.q)] if params.q else [{"match_all": {}}]
    query = {
        "function_score": {
            "query": {"bool": {"must": must, "filter": filters}},
            "functions": [
                {"filter": {"term": {"verified": True}}, "weight": 1.3},
                {"filter": {"term": {"accepting_referrals": True}}, "weight": 1.2},
            ],
            "score_mode": "multiply",
            "boost_mode": "multiply",
        }
    }
    distance_sort = {"_geo_distance": {"locations": point, "order": "asc", "unit": "km"}}
    if point and params.sort == "distance":
        sort = [{"closed": "asc"}, distance_sort, "_score"]
    elif params.q:
        sort = [{"closed": "asc"}, "_score", {"title.sort": "asc"}]
    else:
        sort = [{"closed": "asc"}, {"accepting_referrals": "desc"}, {"title.sort": "asc"}]
    if point and sort[1] is not distance_sort:
        sort.append(distance_sort)  # not for order: to read each service's distance
    page = max(1, min(params.page, 10_000 // per_page))
    try:
        response = _search(query, sort, page, per_page)
        total = response["hits"]["total"]["value"]
        last = max(1, -(-total // per_page))
        if page > last:
            page = last
            response = _search(query, sort, page, per_page)
    except (TransportError, ApiError):
        return None
    ids, distances = [], {}
    for hit in response["hits"]["hits"]:
        pk = int(hit["_id"])
        ids.append(pk)
        if point:
            distances[pk] = hit["sort"][sort.index(distance_sort)]
    return ServicePage(ids=ids, total=total, page=page, distances=distances)


def _search(query, sort, page, per_page) -> dict:
    return (
        get_client()
        .search(
            index=registry.get("services").alias,
            query=query,
            sort=sort,
            from_=(page - 1) * per_page,
            size=per_page,
            source=False,
            track_total_hits=True,
        )
        .body
    )
