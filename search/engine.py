"""The one search function: ``search(user, params) -> Results``, and suggestions.

Used by /search/ and /api/search. Every query, facet count, "did you mean" and suggestion
is filtered to the audiences the access policy gives the user. When Elasticsearch is
unreachable the database answers instead (search/fallback.py), and the results say so.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from django.contrib.auth.models import AnonymousUser
from django.utils.html import escape
from django.utils.safestring import mark_safe
from elasticsearch import ApiError, TransportError

from accounts import policy
from search import registry
from search.client import get_client
from search.fallback import search_database
from search.params import SearchParams
from search.queries import (
    FACETS,
    FEW_RESULTS,
    audience_filter,
    build_body,
    indices_for,
    specs_for,
    words_found,
)
from search.results import FacetValue, Hit, Results, distance_km

if TYPE_CHECKING:
    from accounts.models import User

logger = logging.getLogger(__name__)


def search(user: User | AnonymousUser, params: SearchParams) -> Results:
    try:
        results = _search_elasticsearch(user, params)
    except (TransportError, ApiError) as error:
        logger.warning("Search fell back to the database: %s", error.__class__.__name__)
        results = search_database(user, params)
    for spec in specs_for(params):
        if describe := spec.extra.get("describe"):
            describe(user, [hit for hit in results.hits if hit.type == spec.type])
    return results


def _search_elasticsearch(user: User | AnonymousUser, params: SearchParams) -> Results:
    specs = specs_for(params)
    client = get_client()

    def ask(forgiving: bool) -> dict[str, Any]:
        answer: dict[str, Any] = client.search(
            index=indices_for(specs),
            ignore_unavailable=True,
            allow_no_indices=True,
            **build_body(user, params, forgiving),
        ).body
        return answer

    response = ask(forgiving=False)
    # The words as typed found few (whatever else narrowed the search): typing errors
    # forgiven, and "did you mean" asked in the same request.
    forgiving = bool(params.q) and words_found(response) < FEW_RESULTS
    if forgiving:
        response = ask(forgiving=True)
    results = Results(params=params, total=response["hits"]["total"]["value"])
    if params.page > results.pages and results.total:
        params.messages.append(
            f"There {'is' if results.pages == 1 else 'are'} only {results.pages} "
            f"page{'s' if results.pages != 1 else ''} of results; here is the last."
        )
        params.page = results.pages
        response = ask(forgiving)
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
    if "suggest" in response:
        results.did_you_mean = _did_you_mean(user, params, specs, response["suggest"])
    return results


def _hit(raw: dict[str, Any], params: SearchParams) -> Hit:
    source = raw["_source"]
    highlight = raw.get("highlight", {})
    title = highlight.get("title", [escape(source.get("title", ""))])[0]
    snippet = highlight.get("body", [escape(source.get("summary", ""))])[0]
    distance = None
    if params.near and source.get("locations"):
        distance = round(min(distance_km(params.near, p) for p in source["locations"]), 1)
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
        languages=source.get("languages") or [],
        card=source.get("card") or {},
    )


def _did_you_mean(
    user: User | AnonymousUser,
    params: SearchParams,
    specs: list[registry.IndexSpec],
    suggest: dict[str, Any],
) -> str:
    """A correction, offered only if the user can see something that matches all of it.

    The suggester reads every document's words, members-only ones included; checking the
    correction against the user's own audiences keeps those words from leaking.
    """
    options: list[str] = [
        o["text"] for entry in suggest.get("spelling", []) for o in entry["options"]
    ]
    current = params.q.lower()
    options = [option for option in options if option != current]
    if not options:
        return ""
    before, *found = _visible_matches(user, specs, [current, *options])
    # Offer one only if it finds more that the user may see than what they typed.
    better = (option for option, count in zip(options, found, strict=True) if count > before)
    return next(better, "")


def _visible_matches(
    user: User | AnonymousUser, specs: list[registry.IndexSpec], phrases: list[str]
) -> list[int]:
    """How many documents the user may see hold all the words of each phrase (one request)."""
    searches: list[dict[str, Any]] = []
    for words in phrases:
        searches.append({"index": indices_for(specs), "ignore_unavailable": True})
        searches.append(
            {
                "size": 0,
                "track_total_hits": True,
                "query": {
                    "bool": {
                        "must": [{"match": {"spelling": {"query": words, "operator": "and"}}}],
                        "filter": [audience_filter(user)],
                    }
                },
            }
        )
    answers = get_client().msearch(searches=searches)["responses"]
    return [answer.get("hits", {}).get("total", {}).get("value", 0) for answer in answers]


def suggest(user: User | AnonymousUser, prefix: str, size: int = 8) -> list[dict[str, Any]]:
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
