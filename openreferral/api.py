"""The Open Referral UK 3.0 read API at /api/oruk/: open, no key, CORS for everyone."""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Sequence
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db.models import Model, Prefetch, QuerySet
from django.http import HttpRequest, JsonResponse
from django.views.decorators.http import require_GET

from core import params, site_address
from core.params import BadParameter, bad_parameter_response
from directory import filters
from directory.models import (
    Category,
    Organisation,
    Service,
    ServiceAtLocation,
    Taxonomy,
)
from openreferral import serialisers
from places.distance import distance_km
from places.postcodes import Place, UnknownPostcode, locate

_Record = TypeVar("_Record", bound=Model)
View = Callable[..., JsonResponse]

# The profile's OpenAPI description, self-contained (written by `manage.py oruk_openapi`).
OPENAPI = Path(__file__).parent / "profile" / "openapi.json"
DEFAULT_PER_PAGE = 50
MAX_PER_PAGE = 500
DEFAULT_PROXIMITY_METRES = 16000
MAX_PROXIMITY_METRES = 1_000_000


def open_api(view: View) -> View:
    """GET only, JSON errors for bad parameters, and the CORS header the profile requires."""

    @require_GET
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> JsonResponse:
        try:
            response = view(request, *args, **kwargs)
        except BadParameter as error:
            response = bad_parameter_response(error)
        response["Access-Control-Allow-Origin"] = "*"
        return response

    return wrapper


def _by_id(queryset: QuerySet[_Record], id: str) -> _Record | None:
    """The record with this id from the path, or None: an id that is not a UUID names
    nothing, so it gets the same JSON 404 as an unknown one."""
    try:
        return queryset.filter(uuid=params.parse_uuid(id)).first()
    except BadParameter:
        return None


def _not_found(message: str) -> JsonResponse:
    return JsonResponse({"error": message}, status=404)


def _paginate(
    request: HttpRequest,
    items: Sequence[_Record] | QuerySet[_Record],
    serialise: Callable[[_Record], serialisers.Record],
) -> JsonResponse:
    per_page = params.integer(request.GET, "per_page", minimum=1, maximum=MAX_PER_PAGE)
    per_page = per_page or DEFAULT_PER_PAGE
    page = params.page(request.GET)
    total = items.count() if isinstance(items, QuerySet) else len(items)
    total_pages = max(1, math.ceil(total / per_page))
    contents = [serialise(item) for item in items[(page - 1) * per_page : page * per_page]]
    return JsonResponse(
        {
            "total_items": total,
            "total_pages": total_pages,
            "page_number": page,
            "size": len(contents),
            "first_page": page == 1,
            "last_page": page >= total_pages,
            "empty": not contents,
            "contents": contents,
        }
    )


def _categories_prefetch(prefix: str = "") -> Prefetch[Any, Any, Any]:
    return Prefetch(
        f"{prefix}categories", queryset=Category.objects.select_related("parent", "taxonomy")
    )


def _full_services() -> QuerySet[Service]:
    visible: QuerySet[Service] = Service.objects.visible()
    return visible.select_related("organisation", "organisation__logo").prefetch_related(
        "schedules",
        "closures",
        "service_areas",
        "languages",
        _categories_prefetch(),
        Prefetch(
            "service_at_locations",
            queryset=ServiceAtLocation.objects.select_related("location"),
        ),
    )


def _filter_services(
    request: HttpRequest, services: QuerySet[Service], prefix: str = ""
) -> QuerySet[Service]:
    """The profile's query parameters, from the directory's filter vocabulary (each its own
    filter() call, so two conditions on schedules may hold on different schedules);
    ``prefix`` reaches the service from another model."""
    for parameter in filters.FEED:
        value = parameter.value(request.GET)
        if value is not None:
            services = services.filter(parameter.q(value, prefix))
    return services.distinct() if not prefix else services


def _near(request: HttpRequest) -> tuple[Place, float] | None:
    postcode = params.text(request.GET, "postcode", max_length=10)
    proximity = params.number(request.GET, "proximity", minimum=1, maximum=MAX_PROXIMITY_METRES)
    if not postcode:
        if proximity is not None:
            raise BadParameter("proximity", "proximity needs a postcode.")
        return None
    try:
        place = locate(postcode)
    except UnknownPostcode as unknown:
        raise BadParameter("postcode", str(unknown)) from None
    except ValidationError:
        raise BadParameter("postcode", "postcode is not a UK postcode.") from None
    return place, (proximity or DEFAULT_PROXIMITY_METRES) / 1000


# --- endpoints -----------------------------------------------------------------------


@open_api
def not_found(request: HttpRequest, path: str) -> JsonResponse:
    return _not_found("The Open Referral UK API has no such endpoint.")


@open_api
def root(request: HttpRequest) -> JsonResponse:
    return JsonResponse(
        {
            "version": "3.0",
            "profile": "https://github.com/openreferral/uk-profile",
            "openapi_url": site_address.rebase(request.build_absolute_uri("openapi.json")),
        }
    )


@open_api
def openapi(request: HttpRequest) -> JsonResponse:
    return JsonResponse(json.loads(OPENAPI.read_text()))


@open_api
def services(request: HttpRequest) -> JsonResponse:
    absolute = site_address.absolute
    queryset = _filter_services(request, Service.objects.visible()).select_related(
        "organisation", "organisation__logo"
    )
    place, radius_km = _near(request) or (None, 0.0)
    if place:
        queryset = queryset.filter(pk__in=_services_near(place, radius_km, queryset.values("pk")))
    return _paginate(
        request, queryset.order_by("name", "pk"), lambda s: serialisers.service_summary(s, absolute)
    )


def _services_near(
    place: Place, radius_km: float, service_ids: QuerySet[Service, Any]
) -> list[int]:
    rows = ServiceAtLocation.objects.filter(
        service_id__in=service_ids, location__public_latitude__isnull=False
    ).values_list("service_id", "location__public_latitude", "location__public_longitude")
    return [
        service_id
        for service_id, lat, lon in rows
        if distance_km(place.latitude, place.longitude, lat, lon) <= radius_km
    ]


@open_api
def service_detail(request: HttpRequest, id: str) -> JsonResponse:
    service = _by_id(_full_services(), id)
    if service is None:
        return _not_found("No such service.")
    return JsonResponse(serialisers.service_full(service, site_address.absolute))


def _service_at_locations() -> QuerySet[ServiceAtLocation]:
    visible: QuerySet[Service] = Service.objects.visible()
    rows: QuerySet[ServiceAtLocation] = ServiceAtLocation.objects.filter(
        service__in=visible
    ).select_related("location", "service", "service__organisation", "service__organisation__logo")
    return rows


@open_api
def service_at_locations(request: HttpRequest) -> JsonResponse:
    absolute = site_address.absolute
    visible_services = _filter_services(request, Service.objects.visible())
    queryset = _service_at_locations().filter(service__in=visible_services.values("pk"))
    place, radius_km = _near(request) or (None, 0.0)
    rows = list(queryset.order_by("service__name", "pk"))
    if place:
        rows = [
            row
            for row in rows
            if row.location.public_latitude is not None
            and distance_km(
                place.latitude,
                place.longitude,
                row.location.public_latitude,
                row.location.public_longitude,
            )
            <= radius_km
        ]
    return _paginate(
        request, rows, lambda sal: serialisers.service_at_location(sal, absolute, full=False)
    )


@open_api
def service_at_location_detail(request: HttpRequest, id: str) -> JsonResponse:
    queryset = _service_at_locations().prefetch_related(
        "service__schedules",
        "service__closures",
        "service__service_areas",
        "service__languages",
        _categories_prefetch("service__"),
        Prefetch(
            "service__service_at_locations",
            queryset=ServiceAtLocation.objects.select_related("location"),
        ),
    )
    sal = _by_id(queryset, id)
    if sal is None:
        return _not_found("No such service at location.")
    return JsonResponse(serialisers.service_at_location(sal, site_address.absolute, full=True))


@open_api
def organizations(request: HttpRequest) -> JsonResponse:
    absolute = site_address.absolute
    queryset = Organisation.objects.visible().select_related("logo").order_by("name", "pk")
    return _paginate(request, queryset, lambda org: serialisers.organization(org, absolute))


@open_api
def organization_detail(request: HttpRequest, id: str) -> JsonResponse:
    org = _by_id(Organisation.objects.visible().select_related("logo"), id)
    if org is None:
        return _not_found("No such organization.")
    services = Service.objects.visible().filter(organisation=org).select_related("organisation")
    return JsonResponse(serialisers.organization_full(org, services, site_address.absolute))


@open_api
def taxonomies(request: HttpRequest) -> JsonResponse:
    return _paginate(request, Taxonomy.objects.order_by("name", "pk"), serialisers.taxonomy)


@open_api
def taxonomy_detail(request: HttpRequest, id: str) -> JsonResponse:
    tax = _by_id(Taxonomy.objects.all(), id)
    if tax is None:
        return _not_found("No such taxonomy.")
    terms = tax.terms.select_related("parent", "taxonomy")
    return JsonResponse(serialisers.taxonomy(tax, terms))


@open_api
def taxonomy_terms(request: HttpRequest) -> JsonResponse:
    queryset = Category.objects.select_related("parent", "taxonomy").order_by("name", "pk")
    return _paginate(request, queryset, serialisers.taxonomy_term)


@open_api
def taxonomy_term_detail(request: HttpRequest, id: str) -> JsonResponse:
    term = _by_id(Category.objects.select_related("parent", "taxonomy"), id)
    if term is None:
        return _not_found("No such taxonomy term.")
    return JsonResponse(serialisers.taxonomy_term(term))
