"""The one search function: ``search(user, params) -> Results``.

Used by /search/, /api/search and the directory. Every query, facet count, "did you
mean" and suggestion is filtered to the audiences the access policy gives the user.
When Elasticsearch is unreachable it answers from the database instead, and says so.
"""

from __future__ import annotations

import logging
import math
from dataclasses import dataclass, field
from typing import Any

from django.utils.html import escape
from django.utils.safestring import mark_safe
from elasticsearch import ApiError, TransportError

from accounts import policy
from search import registry, synonyms
from search.client import get_client
from search.indexes.common import audiences_of
from search.params import SearchParams

logger = logging.getLogger(__name__)

TEXT_FIELDS = [
    "title^6",
    "title.plain^4",
    "category_text^4",
    "organisation^2",
    "places^2",
    "body",
]
PHRASE_FIELDS = ["title^4", "category_text^2", "body"]
# Names with neighbouring words run together: "farm workers" finds "Farmworkers".
JOINED_FIELDS = ["title.joined^8", "organisation.joined^3"]
# A document with every word typed, wherever they are, ranks above one with a few of them.
ALL_WORDS_FIELDS = ["title^3", "category_text^2", "organisation", "body"]
ALL_WORDS_BOOST = 6.0
# What a thesaurus variant counts for, against the words the user typed.
SYNONYM_BOOST = 0.5
FACET_SIZE = 30
FACETS = {
    "categories": "Category",
    "areas": "Area",
    "languages": "Language",
    "organisation_type": "Organisation type",
    "accepting_referrals": "Accepting referrals",
}
TYPE_LABELS = {
    "service": "Services",
    "organisation": "Organisations",
    "thread": "Forum",
    "pathway": "Pathways",
    "page": "Guidance",
}
SOURCE_FIELDS = [
    "type",
    "object_id",
    "title",
    "summary",
    "url",
    "organisation",
    "categories",
    "accepting_referrals",
    "verified",
    "closed",
    "status",
    "locations",
    "areas",
    "languages",
]


class SearchUnavailable(Exception):
    pass


@dataclass
class Hit:
    type: str
    id: str
    title: str
    url: str
    snippet: str
    title_html: str = ""
    organisation: str = ""
    categories: list[str] = field(default_factory=list)
    status: str = ""
    accepting_referrals: bool | None = None
    verified: bool = False
    closed: bool = False
    distance_km: float | None = None

    @property
    def type_label(self) -> str:
        return TYPE_LABELS.get(self.type, self.type).rstrip("s")

    def as_json(self) -> dict:
        return {
            "type": self.type,
            "id": self.id,
            "title": self.title,
            "title_html": self.title_html or escape(self.title),
            "url": self.url,
            "snippet": self.snippet,
            "organisation": self.organisation,
            "categories": self.categories,
            "status": self.status,
            "accepting_referrals": self.accepting_referrals,
            "verified": self.verified,
            "closed": self.closed,
            "distance_km": self.distance_km,
        }


@dataclass
class FacetValue:
    value: str
    count: int
    selected: bool = False


@dataclass
class Results:
    params: SearchParams
    hits: list[Hit] = field(default_factory=list)
    total: int = 0
    type_counts: dict[str, int] = field(default_factory=dict)
    facets: dict[str, list[FacetValue]] = field(default_factory=dict)
    did_you_mean: str = ""
    degraded: bool = False

    @property
    def page(self) -> int:
        return self.params.page

    @property
    def pages(self) -> int:
        return min(self.params.max_page, max(1, math.ceil(self.total / self.params.per_page)))

    @property
    def messages(self) -> list[str]:
        return self.params.messages

    def as_json(self) -> dict:
        p = self.params
        return {
            "query": p.q,
            "type": p.type or None,
            "near": {"lat": p.near[0], "lon": p.near[1], "label": p.near_label} if p.near else None,
            "radius_km": p.radius_km if p.near else None,
            "sort": p.sort,
            "page": p.page,
            "pages": self.pages,
            "per_page": p.per_page,
            "count": self.total,
            "degraded": self.degraded,
            "did_you_mean": self.did_you_mean or None,
            "messages": p.messages,
            "type_counts": self.type_counts,
            "facets": {
                name: [{"value": v.value, "count": v.count, "selected": v.selected} for v in values]
                for name, values in self.facets.items()
            },
            "results": [hit.as_json() for hit in self.hits],
        }


# --- building the request -------------------------------------------------------


def specs_for(params: SearchParams) -> list[registry.IndexSpec]:
    return registry.all_specs()


def audience_filter(user) -> dict:
    return {"terms": {"audiences": sorted(policy.audiences_for(user))}}


def _word_matches(q: str, boost: float) -> list[dict]:
    """The words of ``q`` (each word anywhere, typing errors allowed) and ``q`` as a phrase."""
    return [
        {
            "multi_match": {
                "query": q,
                "fields": TEXT_FIELDS,
                "type": "best_fields",
                "tie_breaker": 0.5,
                "fuzziness": "AUTO:4,7",
                "prefix_length": 1,
                "max_expansions": 25,
                "boost": boost,
            }
        },
        {
            "multi_match": {
                "query": q,
                "fields": PHRASE_FIELDS,
                "type": "phrase",
                "slop": 1,
                "boost": 2 * boost,
            }
        },
    ]


def text_query(q: str) -> dict:
    """The user's own words, plus the thesaurus's other ways of saying them, weighted lower.

    A thesaurus phrase stands in for the phrase it replaces, not for the whole query: it
    counts only on documents that also match one of the user's other words (if they typed
    any), so "polish labour exploitation" is not taken over by everything about "modern
    slavery". The phrases go in one ``dis_max``: a document is credited for the best of
    them, not for each, so a query with several synonyms does not drown out the words typed.
    """
    should = [
        *_word_matches(q, 1.0),
        {"multi_match": {"query": q, "fields": JOINED_FIELDS}},
        {
            "multi_match": {
                "query": q,
                "fields": ALL_WORDS_FIELDS,
                "type": "cross_fields",
                "operator": "and",
                "boost": ALL_WORDS_BOOST,
            }
        },
    ]
    alternatives = []
    for phrase, rest in synonyms.expansions(q):
        alternative = {"bool": {"should": _word_matches(phrase, 1.0), "minimum_should_match": 1}}
        if rest:
            alternative["bool"]["filter"] = [
                {
                    "multi_match": {
                        "query": rest,
                        "fields": TEXT_FIELDS,
                        "fuzziness": "AUTO:4,7",
                        "prefix_length": 1,
                        "max_expansions": 25,
                        # Only stop words left ("refuge for"): nothing more to ask for.
                        "zero_terms_query": "all",
                    }
                }
            ]
        alternatives.append(alternative)
    if alternatives:
        should.append({"dis_max": {"queries": alternatives, "boost": SYNONYM_BOOST}})
    return {"bool": {"should": should, "minimum_should_match": 1}}


def _filters(user, params: SearchParams) -> list[dict]:
    filters = [audience_filter(user)]
    for field_name, values in params.filters.items():
        filters.append({"terms": {field_name: values}})
    if params.accepting is not None:
        filters.append({"term": {"accepting_referrals": params.accepting}})
    if params.near:
        lat, lon = params.near
        filters.append(
            {
                "geo_distance": {
                    "distance": f"{params.radius_km}km",
                    "locations": {"lat": lat, "lon": lon},
                }
            }
        )
    return filters


def _sort(params: SearchParams) -> list:
    if params.sort == "distance" and params.near:
        lat, lon = params.near
        return [
            {"closed": "asc"},
            {
                "_geo_distance": {
                    "locations": {"lat": lat, "lon": lon},
                    "order": "asc",
                    "unit": "km",
                }
            },
            "_score",
        ]
    if params.sort == "name" or not params.q:
        return [{"closed": "asc"}, {"title.sort": "asc"}]
    return [{"closed": "asc"}, "_score", {"title.sort": "asc"}]


def build_body(user, params: SearchParams) -> dict:
    query = {
        "bool": {
            "must": [text_query(params.q)] if params.q else [{"match_all": {}}],
            "filter": _filters(user, params),
        }
    }
    scored = {
        "function_score": {
            "query": query,
            "functions": [
                {"filter": {"term": {"verified": True}}, "weight": 1.3},
                {"filter": {"term": {"accepting_referrals": True}}, "weight": 1.2},
                {"filter": {"term": {"closed": True}}, "weight": 0.3},
            ],
            "score_mode": "multiply",
            "boost_mode": "multiply",
        }
    }
    type_filter = {"term": {"type": params.type}} if params.type else {"match_all": {}}
    facet_aggs = {name: {"terms": {"field": name, "size": FACET_SIZE}} for name in FACETS}
    body: dict[str, Any] = {
        "query": scored,
        "post_filter": type_filter,
        "from": params.offset,
        "size": params.per_page,
        "sort": _sort(params),
        "track_total_hits": True,
        "_source": SOURCE_FIELDS,
        "aggs": {
            "types": {"terms": {"field": "type", "size": 10}},
            "facets": {"filter": type_filter, "aggs": facet_aggs},
        },
        "highlight": {
            "encoder": "html",
            "pre_tags": ["<mark>"],
            "post_tags": ["</mark>"],
            "fields": {
                "title": {"number_of_fragments": 0},
                "body": {"fragment_size": 180, "number_of_fragments": 1},
                "category_text": {"number_of_fragments": 0},
            },
        },
    }
    if params.q:
        # Highlight exact words only: rewriting fuzzy queries per hit is the costly part.
        body["highlight"]["highlight_query"] = {
            "multi_match": {
                "query": " ".join([params.q, *synonyms.variants(params.q)]),
                "fields": ["title", "body", "category_text"],
            }
        }
        body["suggest"] = {
            "text": params.q,
            "spelling": {
                "phrase": {
                    "field": "spelling",
                    "size": 3,
                    "gram_size": 1,
                    "max_errors": 2,
                    "confidence": 1.0,
                    "direct_generator": [
                        {"field": "spelling", "suggest_mode": "missing", "min_word_length": 4}
                    ],
                }
            },
        }
    return body


def indices_for(specs) -> str:
    return ",".join(spec.alias for spec in specs)


# --- running it --------------------------------------------------------------------


def search(user, params: SearchParams) -> Results:
    try:
        return _search_elasticsearch(user, params)
    except (TransportError, ApiError) as error:
        logger.warning("Search fell back to the database: %s", error.__class__.__name__)
        return search_database(user, params)


def _search_elasticsearch(user, params: SearchParams) -> Results:
    specs = specs_for(params)
    client = get_client()
    response = client.search(
        index=indices_for(specs),
        ignore_unavailable=True,
        allow_no_indices=True,
        **build_body(user, params),
    ).body
    results = Results(params=params, total=response["hits"]["total"]["value"])
    if params.page > results.pages and results.total:
        params.messages.append(
            f"There {'is' if results.pages == 1 else 'are'} only {results.pages} "
            f"page{'s' if results.pages != 1 else ''} of results; here is the last."
        )
        params.page = results.pages
        response = client.search(
            index=indices_for(specs),
            ignore_unavailable=True,
            allow_no_indices=True,
            **build_body(user, params),
        ).body
    results.hits = [_hit(raw, params) for raw in response["hits"]["hits"]]
    aggs = response.get("aggregations", {})
    results.type_counts = {
        bucket["key"]: bucket["doc_count"] for bucket in aggs.get("types", {}).get("buckets", [])
    }
    facet_aggs = aggs.get("facets", {})
    for name in FACETS:
        selected = set(params.filters.get(name, []))
        buckets = facet_aggs.get(name, {}).get("buckets", [])
        values = []
        for bucket in buckets:
            value = bucket.get("key_as_string", bucket["key"])
            if name == "accepting_referrals":
                value = "yes" if value in ("true", 1, True) else "no"
                is_selected = params.accepting is (value == "yes")
            else:
                is_selected = value in selected
            values.append(FacetValue(str(value), bucket["doc_count"], is_selected))
        if values:
            results.facets[name] = values
    results.did_you_mean = _did_you_mean(user, params, specs, response.get("suggest", {}))
    return results


def _hit(raw: dict, params: SearchParams) -> Hit:
    source = raw["_source"]
    highlight = raw.get("highlight", {})
    title = highlight.get("title", [escape(source.get("title", ""))])[0]
    snippet = highlight.get("body", [escape(source.get("summary", ""))])[0]
    distance = None
    if params.near and source.get("locations"):
        distance = round(min(_distance(params.near, p) for p in source["locations"]), 1)
    return Hit(
        type=source.get("type", ""),
        id=source.get("object_id", raw["_id"]),
        title=source.get("title", ""),
        title_html=mark_safe(title),  # escaped by the html encoder or escape()
        url=source.get("url", ""),
        snippet=mark_safe(snippet),
        organisation=source.get("organisation") or "",
        categories=source.get("categories") or [],
        status=source.get("status") or "",
        accepting_referrals=source.get("accepting_referrals"),
        verified=bool(source.get("verified")),
        closed=bool(source.get("closed")),
        distance_km=distance,
    )


def _distance(origin: tuple[float, float], p: dict) -> float:
    lat1, lon1 = map(math.radians, origin)
    lat2, lon2 = math.radians(p["lat"]), math.radians(p["lon"])
    a = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 6371.0 * 2 * math.asin(math.sqrt(a))


def _did_you_mean(user, params: SearchParams, specs, suggest: dict) -> str:
    """A correction, offered only if the user can see something that matches all of it.

    The suggester reads every document's words, members-only ones included; checking the
    correction against the user's own audiences keeps those words from leaking.
    """
    options = [o["text"] for entry in suggest.get("spelling", []) for o in entry["options"]]
    current = params.q.lower()
    options = [option for option in options if option != current]
    if not options:
        return ""
    before = _visible_matches(user, specs, current)
    for option in options:
        # Offer it only if it finds more that the user may see than what they typed.
        if _visible_matches(user, specs, option) > before:
            return option
    return ""


def _visible_matches(user, specs, words: str) -> int:
    return get_client().count(
        index=indices_for(specs),
        ignore_unavailable=True,
        allow_no_indices=True,
        query={
            "bool": {
                "must": [{"match": {"spelling": {"query": words, "operator": "and"}}}],
                "filter": [audience_filter(user)],
            }
        },
    )["count"]


def suggest(user, prefix: str, size: int = 8) -> list[dict]:
    """Titles completing ``prefix``, from documents the user may see."""
    prefix = " ".join(prefix.split())[:100]
    if len(prefix) < 2:
        return []
    completion = {
        "field": "suggest",
        "size": size,
        "skip_duplicates": True,
        "contexts": {"audience": sorted(policy.audiences_for(user))},
    }
    if len(prefix) >= 4:
        completion["fuzzy"] = {"fuzziness": 1, "prefix_length": 2}
    try:
        response = (
            get_client()
            .search(
                index=indices_for(registry.all_specs()),
                ignore_unavailable=True,
                allow_no_indices=True,
                suggest={"titles": {"prefix": prefix, "completion": completion}},
                source={"includes": ["title", "url", "type"]},
            )
            .body
        )
    except (TransportError, ApiError):
        return []
    found = []
    for entry in response.get("suggest", {}).get("titles", []):
        for option in entry["options"]:
            source = option.get("_source", {})
            found.append(
                {
                    "text": option["text"],
                    "url": source.get("url", ""),
                    "type": source.get("type", ""),
                }
            )
    return found[:size]


# --- the degraded path ---------------------------------------------------------------


def search_database(user, params: SearchParams, limit: int = 200) -> Results:
    """A plain database query, for when Elasticsearch cannot answer."""
    results = Results(params=params, degraded=True)
    hits: list[Hit] = []
    counts: dict[str, int] = {}
    for spec in specs_for(params):
        if spec.fallback is None:
            continue
        queryset = spec.fallback(params.q) if params.q else spec.queryset()
        found = []
        for obj, document in spec.documents(queryset.distinct()[:limit]):
            if not policy.can_see(user, audiences_of(obj)):
                continue
            if document is None or not _matches_filters(document, params):
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


def _matches_filters(document: dict, params: SearchParams) -> bool:
    for field_name, values in params.filters.items():
        have = document.get(field_name) or []
        have = have if isinstance(have, list) else [have]
        if not set(values) & set(have):
            return False
    if params.accepting is not None and document.get("accepting_referrals") is not params.accepting:
        return False
    if params.near:
        points = document.get("locations") or []
        if not points or min(_distance(params.near, p) for p in points) > params.radius_km:
            return False
    return True


def _hit_from_document(document: dict, params: SearchParams) -> Hit:
    distance = None
    if params.near and document.get("locations"):
        distance = round(min(_distance(params.near, p) for p in document["locations"]), 1)
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
    )
