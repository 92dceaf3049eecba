"""Building the Elasticsearch request for a search: the user's words and the thesaurus's,
filters (always the user's audiences), sort, facets, highlighting and "did you mean".
Run by search/engine.py."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.contrib.auth.models import AnonymousUser

from accounts import policy
from search import everyday, registry, synonyms
from search.params import SearchParams

if TYPE_CHECKING:
    from accounts.models import User

TEXT_FIELDS = [
    "title^6",
    "title.plain^4",
    "category_text^4",
    "organisation^2",
    "places^2",
    "body",
]
# Typing errors are forgiven on the unstemmed words (search/documents.py says why), and
# count for less than the words as typed.
FUZZY_FIELDS = [
    "title.plain^6",
    "category_text.plain^4",
    "organisation.plain^2",
    "places^2",
    "body.plain",
]
FUZZY_BOOST = 1.0
# A misspelling rarely gets the first two letters wrong, and keeping them cuts the terms a
# typing error is looked up against (measured by `make bench`).
FUZZINESS = {"fuzziness": "AUTO:4,7", "prefix_length": 2, "max_expansions": 20}
FORGIVEN = {"fields": FUZZY_FIELDS, **FUZZINESS}
# When the words as typed find fewer results than this, the search is asked again with
# typing errors forgiven, and "did you mean" with it. Forgiving every search would cost
# three times as much (fuzzy terms are looked up in every field; measured by `make bench`),
# and a query that found plenty needs no correction.
FEW_RESULTS = 10
# How many of a query's words a document must hold (Elasticsearch's minimum_should_match):
# all of one or two, all but one of three to five, three quarters of more.
WORDS_REQUIRED = "2<-1 5<75%"
PHRASE_FIELDS = ["title^4", "category_text^2", "body"]
# Names with neighbouring words run together: "farm workers" finds "Farmworkers".
JOINED_FIELDS = ["title.joined^8", "organisation.joined^3"]
# A document with every word typed, wherever they are, ranks above one with a few of them.
ALL_WORDS_FIELDS = ["title^3", "category_text^2", "organisation", "body"]
ALL_WORDS_BOOST = 6.0
# What a thesaurus variant counts for, against the words the user typed.
SYNONYM_BOOST = 0.5
# What a document in a category an everyday phrase asks for gains (search/everyday.py).
EVERYDAY_BOOST = 24.0
EVERYDAY_SERVICE_BOOST = 16.0
# What the words of an everyday phrase count for, taken literally.
EVERYDAY_LITERAL_BOOST = 0.2
# How a document's standing multiplies its relevance; a closed service sinks below every
# open one (sorted last outright where results are not ranked by relevance).
STANDING = [
    {"filter": {"term": {"verified": True}}, "weight": 1.3},
    {"filter": {"term": {"accepting_referrals": True}}, "weight": 1.2},
    {"filter": {"term": {"closed": True}}, "weight": 0.001},
]
# How many of the best matches the phrase and all-words clauses and standing rescore: the
# first ten pages of results.
RESCORE_WINDOW = 200
FACET_SIZE = 30
FACETS = {
    "categories": "Category",
    "areas": "Area",
    "languages": "Language",
    "organisation_type": "Organisation type",
    "accepting_referrals": "Accepting referrals",
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
    "card",
]


def specs_for(params: SearchParams) -> list[registry.IndexSpec]:
    return registry.all_specs()


def audience_filter(user: User | AnonymousUser) -> dict[str, Any]:
    return {"terms": {"audiences": sorted(policy.audiences_for(user))}}


def _each_word(q: str, forgiving: bool, boost: float = 1.0) -> dict[str, Any]:
    """The words of ``q``, each anywhere: every word of a one- or two-word query, all but
    one or two of a longer one (WORDS_REQUIRED), so a search narrows as it is refined
    instead of finding every document with any of its words. ``forgiving``: a word also
    matches with typing errors, on the unstemmed words; it counts once, as typed (stemmed)
    or forgiven, whichever scores better, so a word spelt right is not credited twice.
    """
    words = [word for word in q.split() if everyday.words(word)] or q.split()
    return {
        "bool": {
            "should": [_word_match(word, forgiving) for word in words],
            "minimum_should_match": WORDS_REQUIRED,
            "boost": boost,
        }
    }


def _word_match(word: str, forgiving: bool) -> dict[str, Any]:
    as_typed = {
        "multi_match": {
            "query": word,
            "fields": TEXT_FIELDS,
            "type": "best_fields",
            "tie_breaker": 0.5,
        }
    }
    if not forgiving:
        return as_typed
    forgiven = {
        "multi_match": {
            "query": word,
            **FORGIVEN,
            "type": "best_fields",
            "tie_breaker": 0.5,
            "boost": FUZZY_BOOST,
        }
    }
    return {"dis_max": {"queries": [as_typed, forgiven]}}


def text_query(q: str, forgiving: bool = False, ranked: bool = True) -> dict[str, Any]:
    """The user's words, and the categories their everyday phrases ask for.

    An everyday phrase ("somewhere to sleep tonight") stands for its categories, not for
    its words, which count for little ("english" in "doesn't speak english" must not rank
    English classes above interpreting); the query's other words count in full. Without
    ``ranked``, the clauses that only rank what the others found (``ranking_clauses``) are
    left for a rescore of the best matches.
    """
    asked, rest = everyday.match(q)
    if not asked:
        return _words_query(q, forgiving, ranked)
    should: list[dict[str, Any]] = []
    for names in asked:
        in_categories = {"terms": {"categories": list(names)}}
        should.append({"constant_score": {"filter": in_categories, "boost": EVERYDAY_BOOST}})
        # A service in the category answers the need; an organisation with one points to it.
        service = {"bool": {"filter": [in_categories, {"term": {"type": "service"}}]}}
        should.append({"constant_score": {"filter": service, "boost": EVERYDAY_SERVICE_BOOST}})
    if rest:
        should.append(_words_query(rest, forgiving, ranked))
    literal = _words_query(q, forgiving, ranked)
    literal["bool"]["boost"] = EVERYDAY_LITERAL_BOOST
    should.append(literal)
    return {"bool": {"should": should, "minimum_should_match": 1}}


def ranking_clauses(q: str) -> list[dict[str, Any]]:
    """What ranks a document holding the words as a phrase, or every word, above one holding
    them apart or only most of them: ``text_query``'s clauses that find nothing the others
    do not, so they need score only the best matches (a rescore), not every match."""
    asked, rest = everyday.match(q)
    # The thesaurus's phrases as phrases, the best of them, weighted as _words_query does.
    variants = [_phrase(phrase, 1.0) for phrase, _ in synonyms.expansions(rest or q)]
    thesaurus = [{"dis_max": {"queries": variants, "boost": SYNONYM_BOOST}}] if variants else []
    if not asked:
        return [*_ranking(q, 1.0), *thesaurus]
    mine = [*_ranking(rest, 1.0), *thesaurus] if rest else []
    return [*mine, *_ranking(q, EVERYDAY_LITERAL_BOOST)]


def _phrase(q: str, boost: float) -> dict[str, Any]:
    return {
        "multi_match": {
            "query": q,
            "fields": PHRASE_FIELDS,
            "type": "phrase",
            "slop": 1,
            "boost": 2 * boost,
        }
    }


def _ranking(q: str, boost: float) -> list[dict[str, Any]]:
    return [
        _phrase(q, boost),
        {
            "multi_match": {
                "query": q,
                "fields": ALL_WORDS_FIELDS,
                "type": "cross_fields",
                "operator": "and",
                "boost": ALL_WORDS_BOOST * boost,
            }
        },
    ]


def _words_query(q: str, forgiving: bool, ranked: bool) -> dict[str, Any]:
    """The user's own words, plus the thesaurus's other ways of saying them, weighted lower.

    A thesaurus phrase stands in for the phrase it replaces, not for the whole query: it
    counts only on documents that also match one of the user's other words (if they typed
    any), so "polish labour exploitation" is not taken over by everything about "modern
    slavery". The phrases go in one ``dis_max``: a document is credited for the best of
    them, not for each, so a query with several synonyms does not drown out the words typed.
    """
    should = [
        _each_word(q, forgiving),
        {"multi_match": {"query": q, "fields": JOINED_FIELDS}},
        *(_ranking(q, 1.0) if ranked else []),
    ]
    alternatives = []
    for phrase, rest in synonyms.expansions(q):
        should_match = [_each_word(phrase, forgiving)]
        if ranked:
            should_match.append(_phrase(phrase, 1.0))
        alternative = {"bool": {"should": should_match, "minimum_should_match": 1}}
        if rest:
            alternative["bool"]["filter"] = [
                {
                    "multi_match": {
                        "query": rest,
                        **(FORGIVEN if forgiving else {"fields": TEXT_FIELDS}),
                        # Only stop words left ("refuge for"): nothing more to ask for.
                        "zero_terms_query": "all",
                    }
                }
            ]
        alternatives.append(alternative)
    if alternatives:
        should.append({"dis_max": {"queries": alternatives, "boost": SYNONYM_BOOST}})
    return {"bool": {"should": should, "minimum_should_match": 1}}


def _filters(user: User | AnonymousUser, params: SearchParams) -> list[dict[str, Any]]:
    filters = [audience_filter(user)]
    # Filters only one index understands (the directory's "open at", members' "space
    # available"): documents of the others lack their fields, so they drop out.
    for spec in specs_for(params):
        if narrow := spec.extra.get("filters"):
            filters += narrow(user, params)
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


def _by_relevance(params: SearchParams) -> bool:
    return (
        bool(params.q) and params.sort != "name" and not (params.sort == "distance" and params.near)
    )


def _sort(params: SearchParams) -> list[Any]:
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
    # By name, or nothing typed (ranked by relevance, build_body rescores instead).
    return [{"closed": "asc"}, {"title.sort": "asc"}]


def build_body(
    user: User | AnonymousUser, params: SearchParams, forgiving: bool = False
) -> dict[str, Any]:
    """The search request: the words as typed, or (``forgiving``) with typing errors
    forgiven and "did you mean" asked, as search/engine.py does when the first finds few.

    Ranked by relevance, every match is scored by its words only; the phrase and all-words
    clauses and each document's standing (verified, accepting referrals, closed) then
    rescore the best RESCORE_WINDOW, where a page of results comes from: scoring them on
    every match cost more than the rest of the search (measured by `make bench`)."""
    rescored = _by_relevance(params)
    text = text_query(params.q, forgiving, ranked=not rescored) if params.q else None
    query: dict[str, Any] = {
        "bool": {
            "must": [text] if text else [{"match_all": {}}],
            "filter": _filters(user, params),
        }
    }
    if not rescored:
        query = {
            "function_score": {
                "query": query,
                "functions": STANDING,
                "score_mode": "multiply",
                "boost_mode": "multiply",
            }
        }
    type_filter = {"term": {"type": params.type}} if params.type else {"match_all": {}}
    facet_aggs = {name: {"terms": {"field": name, "size": FACET_SIZE}} for name in FACETS}
    body: dict[str, Any] = {
        "query": query,
        "post_filter": type_filter,
        "from": params.offset,
        "size": params.per_page,
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
            # Only what a hit shows (search/engine.py's _hit).
            "fields": {
                "title": {"number_of_fragments": 0},
                "body": {"fragment_size": 180, "number_of_fragments": 1},
            },
        },
    }
    if text and params.narrowed and not forgiving:
        body["aggs"]["words_alone"] = words_alone(user, text)
    if rescored:
        body["rescore"] = rescore(params.q, max(RESCORE_WINDOW, params.offset + params.per_page))
    else:
        body["sort"] = _sort(params)
    if params.q:
        # Highlight exact words only: rewriting fuzzy queries per hit is the costly part.
        body["highlight"]["highlight_query"] = {
            "multi_match": {
                "query": " ".join([params.q, *synonyms.variants(params.q)]),
                "fields": ["title", "body"],
            }
        }
        if forgiving:
            body["suggest"] = suggestion(params.q)
    return body


def words_alone(user: User | AnonymousUser, text: dict[str, Any]) -> dict[str, Any]:
    """How many documents the user may see hold the words, whatever else narrowed the search
    (an aggregation, read by ``words_found``): when filters, not the words, found few,
    forgiving typing errors would find nothing more worth having."""
    seen = {"bool": {"filter": [text, audience_filter(user)]}}
    return {"global": {}, "aggs": {"found": {"filter": seen}}}


def words_found(response: dict[str, Any]) -> int:
    """How many the words found alone (``words_alone``), or with everything else when the
    search was narrowed by nothing more."""
    alone: int | None = (
        response.get("aggregations", {}).get("words_alone", {}).get("found", {}).get("doc_count")
    )
    return response["hits"]["total"]["value"] if alone is None else alone


def rescore(q: str, window: int = RESCORE_WINDOW) -> list[dict[str, Any]]:
    """The best ``window`` matches of ``text_query(q, ranked=False)`` ranked as it would
    rank every match: by phrase and every word first (added), then by standing (multiplied).
    Elasticsearch sorts by score alone when it rescores."""
    standing = {
        "function_score": {"functions": STANDING, "score_mode": "multiply", "boost_mode": "replace"}
    }
    return [
        {
            "window_size": window,
            "query": {
                "rescore_query": {"bool": {"should": ranking_clauses(q)}},
                "score_mode": "total",
            },
        },
        {"window_size": window, "query": {"rescore_query": standing, "score_mode": "multiply"}},
    ]


def suggestion(q: str) -> dict[str, Any]:
    """ "Did you mean": corrections of ``q`` from every document's words (search/engine.py
    offers one only if the user may see what it finds)."""
    return {
        "text": q,
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


def indices_for(specs: Iterable[registry.IndexSpec]) -> str:
    return ",".join(spec.alias for spec in specs)
