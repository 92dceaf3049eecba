"""Finding services: the one function the directory page calls.

``find_services(user, params)`` asks Elasticsearch through the search layer
(``search.directory_search``) for one page of service ids in order, then loads that page
from the database. Whenever Elasticsearch is unavailable the database answers instead, and
the results say so (``degraded``) so the page can tell the user. Parameters come from a
shareable querystring through ``parse_params``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from django.db.models import Case, IntegerField, Prefetch, Q, QuerySet, Value, When

from core.params import BadParameter, page, printable_query
from directory.models import (
    Area,
    Category,
    Language,
    LocationView,
    Service,
    ServiceAtLocation,
)
from places.distance import distance_km
from places.postcodes import Place, UnknownPostcode, locate

PER_PAGE = 20
# Elasticsearch pages through the first 10,000 matches only.
MAX_PAGES = 10_000 // PER_PAGE


@dataclass
class SearchParams:
    q: str = ""
    category: str = ""
    area: str = ""
    language: str = ""
    eligibility: str = ""
    accepting: bool = False
    tonight: bool = False
    near: str = ""
    radius_km: int = 10
    sort: str = "relevance"
    page: int = 1
    place: Place | None = None
    errors: dict[str, list[str]] = field(default_factory=dict)
    notices: list[str] = field(default_factory=list)

    @property
    def is_valid(self) -> bool:
        return not self.errors


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


def filter_choices() -> dict:
    """What the filters offer (three queries, however big the directory is)."""
    categories = list(Category.objects.only("pk", "name", "slug", "parent_id"))
    by_parent: dict[int | None, list[Category]] = {}
    for category in categories:
        by_parent.setdefault(category.parent_id, []).append(category)
    ordered: list[Category] = []

    def walk(parent_id):
        for category in sorted(by_parent.get(parent_id, []), key=lambda c: c.name):
            ordered.append(category)
            walk(category.pk)

    walk(None)
    return {
        "categories": ordered,
        "areas": list(Area.objects.only("pk", "name", "slug")),
        "languages": list(Language.objects.only("pk", "name", "code")),
    }


def parse_params(data, choices: dict | None = None):
    """A querystring -> (SearchParams, the bound form for redisplay)."""
    from directory.forms import DirectorySearchForm

    choices = choices if choices is not None else filter_choices()
    # A copy without control characters: the form shows what was asked back, and NUL
    # cannot go to the database.
    data = printable_query(data)
    # Show the defaults that apply, so the form says what the results are.
    if not data.get("radius"):
        data["radius"] = "10"
    if not data.get("sort"):
        data["sort"] = "distance" if data.get("near", "").strip() else "relevance"
    form = DirectorySearchForm(data, **choices)
    params = SearchParams()
    if form.is_valid():
        cleaned = form.cleaned_data
        params.q = cleaned["q"].strip()
        params.category = cleaned["category"]
        params.area = cleaned["area"]
        params.language = cleaned["language"]
        params.eligibility = cleaned["eligibility"]
        params.accepting = cleaned["accepting"]
        params.tonight = cleaned["tonight"]
        params.near = cleaned["near"]
        params.radius_km = cleaned["radius"] or 10
        params.sort = cleaned["sort"] or ("distance" if params.near else "relevance")
    else:
        params.errors = {name: [str(e) for e in errors] for name, errors in form.errors.items()}
    try:
        params.page = min(page(data), MAX_PAGES)
    except BadParameter:
        params.page = 1
    if params.near:
        try:
            params.place = locate(params.near)
        except UnknownPostcode as unknown:
            district = unknown.postcode.split(" ")[0]
            params.errors["near"] = [
                f"We do not know the postcode {unknown.postcode}. Check it, or try just its "
                f"district (the first half, such as {district})."
                if " " in unknown.postcode
                else f"We do not know the postcode district {district}. Check it, or try a "
                "nearby town's postcode."
            ]
            form.add_error("near", params.errors["near"][0])
        else:
            if params.place.approximate:
                params.notices.append(
                    f"We do not know the exact postcode {params.place.query}, so distances are "
                    f"from the centre of {params.place.label}."
                )
    if params.sort == "distance" and not params.place:
        params.sort = "relevance"
    return params, form


def _filtered(params: SearchParams) -> QuerySet:
    services = Service.objects.visible().exclude(status=Service.Status.INACTIVE)
    for term in params.q.split()[:8]:
        services = services.filter(
            Q(name__icontains=term)
            | Q(description__icontains=term)
            | Q(organisation__name__icontains=term)
            | Q(tags__name__iexact=term)
            | Q(categories__name__icontains=term)
        )
    if params.category:
        categories = list(Category.objects.only("pk", "parent_id", "slug"))
        roots = {c.pk for c in categories if c.slug == params.category}
        services = services.filter(categories__in=Category.with_descendants(categories, roots))
    if params.area:
        services = services.filter(
            Q(service_areas__slug=params.area) | Q(organisation__areas__slug=params.area)
        )
    if params.language:
        services = services.filter(languages__code=params.language)
    eligibility = {
        "no_nrm_needed": Q(nrm_requirement=Service.NRMRequirement.NONE),
        "no_recourse": Q(immigration_status=Service.ImmigrationStatus.ANY),
        "women": Q(gender__in=[Service.Gender.ANY, Service.Gender.WOMEN]),
        "men": Q(gender__in=[Service.Gender.ANY, Service.Gender.MEN]),
        "under_18": Q(minimum_age__isnull=True) | Q(minimum_age__lt=18),
    }.get(params.eligibility)
    if eligibility is not None:
        services = services.filter(eligibility)
    if params.accepting or params.tonight:
        services = services.filter(accepting_referrals=True, status=Service.Status.ACTIVE)
    if params.tonight:
        services = services.filter(available_24_7=True)
    return services


def _distances(service_ids, place: Place, radius_km: float) -> dict[int, float]:
    """Nearest public location point of each service within the radius."""
    lat_span = radius_km / 111.0
    lon_span = radius_km / (111.0 * max(math.cos(math.radians(place.latitude)), 0.01))
    rows = ServiceAtLocation.objects.filter(
        service_id__in=service_ids,
        location__public_latitude__range=(place.latitude - lat_span, place.latitude + lat_span),
        location__public_longitude__range=(
            place.longitude - lon_span,
            place.longitude + lon_span,
        ),
    ).values_list("service_id", "location__public_latitude", "location__public_longitude")
    nearest: dict[int, float] = {}
    for service_id, lat, lon in rows:
        km = distance_km(place.latitude, place.longitude, lat, lon)
        if km <= radius_km and km < nearest.get(service_id, math.inf):
            nearest[service_id] = km
    return nearest


def _page_of(ids: list[int]) -> dict[int, Service]:
    services = (
        Service.objects.visible()
        .filter(pk__in=ids)
        .select_related("organisation")
        .prefetch_related(
            "categories",
            "languages",
            Prefetch(
                "service_at_locations",
                queryset=ServiceAtLocation.objects.select_related("location"),
            ),
        )
    )
    return {service.pk: service for service in services}


def find_services(user, params: SearchParams) -> SearchResults:
    """The services ``user`` may see that match ``params``, a page at a time."""
    from search.directory_search import find_service_ids

    if not params.is_valid:
        return SearchResults([], 0, 1, 1, params)
    found = find_service_ids(user, params, per_page=PER_PAGE)
    if found is None:
        return _find_in_database(user, params)
    num_pages = max(1, min(math.ceil(found.total / PER_PAGE), MAX_PAGES))
    return _results(user, params, found.ids, found.distances, found.total, found.page, num_pages)


def _find_in_database(user, params: SearchParams) -> SearchResults:
    """The stand-in when Elasticsearch is unreachable: a plainer match, same filters."""
    services = _filtered(params).distinct()
    distances: dict[int, float] = {}
    if params.place:
        ids = list(services.values_list("pk", flat=True))
        distances = _distances(ids, params.place, params.radius_km)
        ids = [pk for pk in ids if pk in distances]
        if params.sort == "distance":
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
        ServiceHit(loaded[pk], distances.get(pk), _nearest_location(loaded[pk], params.place, user))
        for pk in page_ids
        # The index may lag a moment behind a deletion or a change of visibility.
        if pk in loaded
    ]
    return SearchResults(hits, total, page, num_pages, params)


def _nearest_location(service: Service, place: Place | None, user) -> LocationView | None:
    locations = [sal.location for sal in service.service_at_locations.all()]
    if not locations:
        return None
    if place:
        locations.sort(
            key=lambda loc: (
                distance_km(
                    place.latitude, place.longitude, loc.public_latitude, loc.public_longitude
                )
                if loc.public_latitude is not None
                else math.inf
            )
        )
    return locations[0].view_for(user)
