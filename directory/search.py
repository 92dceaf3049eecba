"""Finding services: the one function the directory page calls.

``find_services(user, params)`` asks Elasticsearch (through the search engine's client
and query pieces) for one page of service ids in order, then loads that page from the
database. Whenever Elasticsearch is unavailable the database answers instead, and
the results say so (``degraded``) so the page can tell the user. Parameters come from a
shareable querystring through ``parse_params``: the search engine's one parser, told what
the directory's form offers, and its filters from the vocabulary (directory/filters.py).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from django.db.models import Case, IntegerField, Prefetch, Q, QuerySet, Value, When
from django.http import QueryDict
from elasticsearch import ApiError, TransportError

from accounts import policy
from core.params import printable_query
from directory import availability, filters
from directory.forms import DirectorySearchForm
from directory.models import (
    Language,
    LocationView,
    Service,
    ServiceAtLocation,
)
from directory.opening import OPENING_PREFETCH
from places.distance import distance_km
from search import params as search_params
from search import registry
from search.client import get_client
from search.params import DEFAULT_RADIUS_KM, SearchParams, Surface
from search.queries import (
    FEW_RESULTS,
    RESCORE_WINDOW,
    STANDING,
    audience_filter,
    rescore,
    text_query,
    words_alone,
    words_found,
)

PER_PAGE = 20
# Elasticsearch pages through the first 10,000 matches only.
MAX_PAGES = 10_000 // PER_PAGE
# Members only: space available first, then call to check, unknown or stale, then full.
AVAILABILITY_SORT = DirectorySearchForm.AVAILABILITY_SORT[0]


@dataclass
class ServiceHit:
    service: Service
    distance_km: float | None
    location: LocationView | None


@dataclass
class SearchResults:
    hits: list[ServiceHit]
    total: int
    page: int
    num_pages: int
    params: SearchParams
    # True when Elasticsearch could not answer and the database query stood in.
    degraded: bool = False

    @property
    def has_next(self) -> bool:
        return self.page < self.num_pages

    @property
    def has_previous(self) -> bool:
        return self.page > 1


def parse_params(
    data, options: dict | None = None, user=None
) -> tuple[SearchParams, DirectorySearchForm]:
    """A querystring -> (its SearchParams, read by the search engine's parser, and the
    form that shows them back). Availability's filter and order are ``user``'s only if
    they may see availability; for anyone else they are ignored, as if not asked."""
    options = options if options is not None else filters.options()
    members = policy.can_see_availability(user) if user is not None else False
    data = _language_by_name(data)
    if not members and data.get("sort") == AVAILABILITY_SORT:
        data = printable_query(data)
        data.pop("sort")
    form = DirectorySearchForm(_shown(data), availability=members, **options)
    params = search_params.parse(data, _surface(form, members), per_page=PER_PAGE)
    form.show_errors(params.errors)
    return params, form


def _surface(form: DirectorySearchForm, members: bool) -> Surface:
    """What the directory page takes: the vocabulary's filters, and what its form offers."""
    return Surface(
        filters={key: choice.field for key, choice in filters.CHOICES.items()},
        ticks=tuple(flag.key for flag in filters.TICK_BOXES),
        types=False,
        near=("near",),
        points=False,
        radius="radius",
        sort_near="distance",
        sorts=(*search_params.SORTS, AVAILABILITY_SORT) if members else search_params.SORTS,
        choices=form.offered(),
    )


def _shown(data) -> QueryDict:
    """What the form shows: what was asked (without control characters, which cannot go
    to the database), with the defaults that apply, so it says what the results are."""
    data = printable_query(data)
    if not data.get("radius"):
        data["radius"] = f"{DEFAULT_RADIUS_KM:g}"
    if not data.get("sort"):
        data["sort"] = "distance" if data.get("near", "").strip() else "relevance"
    return data


def _language_by_name(data):
    """``language=Albanian`` as well as ``language=sq``: the name becomes the code."""
    asked = (data.get("language") or "").strip()
    if not asked:
        return data
    code = Language.objects.filter(name__iexact=asked[:100]).values_list("code", flat=True).first()
    if code is None:
        return data
    data = printable_query(data)  # a copy that may change
    data["language"] = code
    return data


def searched_languages(params: SearchParams, languages) -> set[str]:
    """The names of the languages a search asks for: by the language filter, or by name
    among its words ("Albanian interpreter"), so cards can pick them out."""
    codes = set(params.filters.get(filters.LANGUAGE.field, []))
    words = {word.lower() for word in params.q.split()}
    return {lang.name for lang in languages if lang.code in codes or lang.name.lower() in words}


def _selected(params: SearchParams) -> tuple[list[tuple[filters.Choice, str]], list[filters.Flag]]:
    """The vocabulary's filters ``params`` asks for: each choice with its value, and the
    ticked boxes."""
    chosen = [
        (choice, value)
        for choice in filters.CHOICES.values()
        for value in params.filters.get(choice.field, [])
    ]
    return chosen, [filters.FLAGS[key] for key in params.ticked]


def _filtered(user, params: SearchParams) -> QuerySet:
    services = Service.objects.visible().exclude(filters.INACTIVE.q())
    if params.open_at:
        services = services.filter(filters.OPEN_AT.q(params.open_at))
    if params.available and policy.can_see_availability(user):
        services = services.filter(filters.AVAILABLE.q())
    for term in params.q.split()[:8]:
        services = services.filter(
            Q(name__icontains=term)
            | Q(description__icontains=term)
            | Q(organisation__name__icontains=term)
            | Q(tags__name__iexact=term)
            | Q(categories__name__icontains=term)
        )
    chosen, ticked = _selected(params)
    for choice, value in chosen:
        services = services.filter(choice.q(value))
    for flag in ticked:
        services = services.filter(flag.q())
    return services


def _distances(service_ids, near: tuple[float, float], radius_km: float) -> dict[int, float]:
    """Nearest public location point of each service within the radius."""
    latitude, longitude = near
    lat_span = radius_km / 111.0
    lon_span = radius_km / (111.0 * max(math.cos(math.radians(latitude)), 0.01))
    rows = ServiceAtLocation.objects.filter(
        service_id__in=service_ids,
        location__public_latitude__range=(latitude - lat_span, latitude + lat_span),
        location__public_longitude__range=(longitude - lon_span, longitude + lon_span),
    ).values_list("service_id", "location__public_latitude", "location__public_longitude")
    nearest: dict[int, float] = {}
    for service_id, lat, lon in rows:
        km = distance_km(latitude, longitude, lat, lon)
        if km <= radius_km and km < nearest.get(service_id, math.inf):
            nearest[service_id] = km
    return nearest


def _page_of(ids: list[int]) -> dict[int, Service]:
    services = (
        Service.objects.visible()
        .filter(pk__in=ids)
        .select_related("organisation", "availability")
        .prefetch_related(
            "categories",
            "languages",
            *OPENING_PREFETCH,
            Prefetch(
                "service_at_locations",
                queryset=ServiceAtLocation.objects.select_related("location"),
            ),
        )
    )
    return {service.pk: service for service in services}


def find_services(user, params: SearchParams) -> SearchResults:
    """The services ``user`` may see that match ``params``, a page at a time."""
    if not params.is_valid:
        return SearchResults([], 0, 1, 1, params)
    found = _find_in_elasticsearch(user, params)
    if found is None:
        return _find_in_database(user, params)
    num_pages = max(1, min(math.ceil(found.total / PER_PAGE), MAX_PAGES))
    return _results(user, params, found.ids, found.distances, found.total, found.page, num_pages)


# --- on Elasticsearch ---------------------------------------------------------------


@dataclass
class ServicePage:
    ids: list[int]
    total: int
    page: int
    distances: dict[int, float]


def _find_in_elasticsearch(user, params, per_page: int = PER_PAGE) -> ServicePage | None:
    """One page of service ids in order, the total and distances; None when Elasticsearch
    cannot answer."""
    clauses = [audience_filter(user), {"bool": {"must_not": filters.INACTIVE.clauses()}}]
    chosen, ticked = _selected(params)
    for found in [*(c.clauses(value) for c, value in chosen), *(f.clauses() for f in ticked)]:
        clauses += [clause for clause in found if clause not in clauses]
    if params.open_at:
        clauses += filters.OPEN_AT.clauses(params.open_at)
    if params.available and policy.can_see_availability(user):
        clauses += filters.AVAILABLE.clauses()
    point = {"lat": params.near[0], "lon": params.near[1]} if params.near else None
    if point:
        clauses.append({"geo_distance": {"distance": f"{params.radius_km}km", "locations": point}})
    by_availability = params.sort == AVAILABILITY_SORT
    ranks = availability.ranks() if by_availability else {}
    # Ranked by relevance alone: the best matches rescored, as search/queries.py does.
    rescored = bool(params.q) and not point and not by_availability

    as_typed = text_query(params.q, ranked=not rescored) if params.q else None

    def query_for(forgiving: bool) -> dict:
        text = text_query(params.q, forgiving, ranked=not rescored) if forgiving else as_typed
        matched = {"bool": {"must": [text or {"match_all": {}}], "filter": clauses}}
        if rescored:
            return matched
        # Closed services are sorted last outright below; their weight changes no order.
        query = {
            "function_score": {
                "query": matched,
                "functions": STANDING,
                "score_mode": "multiply",
                "boost_mode": "multiply",
            }
        }
        if by_availability:
            # Within each state of availability: nearest first with a place, else best match.
            query = _by_availability(query, ranks, keep_score=not point)
        return query

    distance_sort: dict[str, Any] = {
        "_geo_distance": {"locations": point, "order": "asc", "unit": "km"}
    }
    sort: list[Any]
    if rescored:
        sort = []
    elif by_availability:
        sort = [{"closed": "asc"}, "_score", distance_sort if point else {"title.sort": "asc"}]
    elif point and params.sort == "distance":
        sort = [{"closed": "asc"}, distance_sort, "_score"]
    elif params.q:
        sort = [{"closed": "asc"}, "_score", {"title.sort": "asc"}]
    else:
        sort = [{"closed": "asc"}, {"accepting_referrals": "desc"}, {"title.sort": "asc"}]
    if point and sort[1] is not distance_sort:
        sort.append(distance_sort)  # not for order: to read each service's distance
    page = max(1, min(params.page, 10_000 // per_page))
    try:
        query = query_for(forgiving=False)
        alone = {}
        if as_typed and params.narrowed:
            alone = {"words_alone": words_alone(user, as_typed)}
        response = _search(query, sort, page, per_page, params.q, aggs=alone)
        total = response["hits"]["total"]["value"]
        if params.q and words_found(response) < FEW_RESULTS:
            # The words as typed found few: asked again with typing errors forgiven.
            query = query_for(forgiving=True)
            response = _search(query, sort, page, per_page, params.q)
            total = response["hits"]["total"]["value"]
        last = max(1, -(-total // per_page))
        if page > last:
            page = last
            response = _search(query, sort, page, per_page, params.q)
    except (TransportError, ApiError):
        return None
    ids, distances = [], {}
    for hit in response["hits"]["hits"]:
        pk = int(hit["_id"])
        ids.append(pk)
        if point:
            distances[pk] = hit["sort"][sort.index(distance_sort)]
    return ServicePage(ids=ids, total=total, page=page, distances=distances)


# Each state of availability's score lies this far above the next one's: far above any
# relevance score, so the state orders the results and relevance orders within it.
AVAILABILITY_TIER = 10_000.0


def _by_availability(query: dict, ranks: dict[int, int], keep_score: bool) -> dict:
    """``query`` scored by its services' availability first (members only: the caller's
    surface offers this order only to them). The states (``availability.ranks()``) are read
    from the database now and given to Elasticsearch as lists of ids, never kept in the
    index."""
    by_rank: dict[int, list[str]] = {}
    for pk, rank in ranks.items():
        by_rank.setdefault(rank, []).append(str(pk))
    levels = len(availability.ORDER)
    functions: list[dict] = [
        {"filter": {"ids": {"values": ids}}, "weight": AVAILABILITY_TIER * (levels - rank)}
        for rank, ids in sorted(by_rank.items())
    ]
    # Not said, gone stale, or not a service that takes people in: unknown (the first
    # function that matches a service gives its score; this one matches every service).
    functions.append(
        {"weight": AVAILABILITY_TIER * (levels - availability.ORDER[availability.UNKNOWN])}
    )
    return {
        "function_score": {
            "query": query,
            "functions": functions,
            "score_mode": "first",
            "boost_mode": "sum" if keep_score else "replace",
        }
    }


def _search(query, sort, page, per_page, q: str = "", aggs: dict | None = None) -> dict:
    """A page of ids: sorted by ``sort``, or (none given) the best matches for ``q`` rescored."""
    ordered: dict[str, Any] = {"sort": sort}
    if not sort:
        ordered = {"rescore": rescore(q, max(RESCORE_WINDOW, page * per_page))}
    if aggs:
        ordered["aggs"] = aggs
    return (
        get_client()
        .search(
            index=registry.get("services").alias,
            query=query,
            from_=(page - 1) * per_page,
            size=per_page,
            source=False,
            track_total_hits=True,
            **ordered,
        )
        .body
    )


# --- the stand-in -----------------------------------------------------------------


def _find_in_database(user, params: SearchParams) -> SearchResults:
    """The stand-in when Elasticsearch is unreachable: a plainer match, same filters."""
    services = _filtered(user, params).distinct()
    distances: dict[int, float] = {}
    if params.near:
        ids = list(services.values_list("pk", flat=True))
        distances = _distances(ids, params.near, params.radius_km)
        ids = [pk for pk in ids if pk in distances]
        if params.sort in ("distance", AVAILABILITY_SORT):
            ids.sort(key=lambda pk: distances[pk])
    else:
        ranked = services
        if params.q:
            first = params.q.split()[0]
            ranked = services.annotate(
                rank=Case(
                    When(name__icontains=params.q, then=Value(0)),
                    When(name__icontains=first, then=Value(1)),
                    default=Value(2),
                    output_field=IntegerField(),
                )
            ).order_by("rank", "name")
        else:
            ranked = services.order_by("-accepting_referrals", "name")
        ids = list(ranked.values_list("pk", flat=True))
    if params.sort == AVAILABILITY_SORT:
        ranks = availability.ranks()
        unknown = availability.ORDER[availability.UNKNOWN]
        ids.sort(key=lambda pk: ranks.get(pk, unknown))  # stable: the order above within
    total = len(ids)
    num_pages = max(1, math.ceil(total / PER_PAGE))
    page = min(params.page, num_pages)
    page_ids = ids[(page - 1) * PER_PAGE : page * PER_PAGE]
    results = _results(user, params, page_ids, distances, total, page, num_pages)
    results.degraded = True
    return results


def _results(user, params, page_ids, distances, total, page, num_pages) -> SearchResults:
    loaded = _page_of(page_ids)
    hits = [
        ServiceHit(loaded[pk], distances.get(pk), _nearest_location(loaded[pk], params.near))
        for pk in page_ids
        # The index may lag a moment behind a deletion or a change of visibility.
        if pk in loaded
    ]
    return SearchResults(hits, total, page, num_pages, params)


def _nearest_location(service: Service, near: tuple[float, float] | None) -> LocationView | None:
    """The listing (and its map) shows a confidential location as the public sees it, to
    members too: its postcode district's centre, no address. The exact place is on the
    service page, where each look at it is logged."""
    locations = [sal.location for sal in service.service_at_locations.all()]
    if not locations:
        return None
    if near:
        locations.sort(
            key=lambda loc: (
                distance_km(near[0], near[1], loc.public_latitude, loc.public_longitude)
                if loc.public_latitude is not None
                else math.inf
            )
        )
    return locations[0].public_view()
