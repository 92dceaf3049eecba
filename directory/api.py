"""The Open Referral UK 3.0 read API at /api/oruk/: open, no key, CORS for everyone."""

from __future__ import annotations

import math
import uuid
from collections.abc import Callable
from datetime import datetime, time
from functools import wraps
from pathlib import Path

from django.db.models import Prefetch, Q, QuerySet
from django.http import HttpRequest, JsonResponse
from django.utils.dateparse import parse_datetime
from django.views.decorators.http import require_GET

from directory import oruk
from directory.models import (
    Category,
    Organisation,
    Service,
    ServiceAtLocation,
    Taxonomy,
    distance_km,
)
from directory.postcodes import UnknownPostcode, locate

# The profile's OpenAPI description, self-contained (written by `manage.py oruk_openapi`).
OPENAPI = Path(__file__).parent / "oruk_schema" / "openapi.json"
DEFAULT_PER_PAGE = 50
MAX_PER_PAGE = 500
DEFAULT_PROXIMITY_METRES = 16000
DAYS = {"MO", "TU", "WE", "TH", "FR", "SA", "SU"}
DAY_NAMES = {
    "monday": "MO",
    "tuesday": "TU",
    "wednesday": "WE",
    "thursday": "TH",
    "friday": "FR",
    "saturday": "SA",
    "sunday": "SU",
}


class BadParameter(Exception):
    pass


def open_api(view: Callable) -> Callable:
    """GET only, JSON errors for bad parameters, and the CORS header the profile requires."""

    @require_GET
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            response = view(request, *args, **kwargs)
        except BadParameter as error:
            response = JsonResponse({"error": str(error)}, status=400)
        response["Access-Control-Allow-Origin"] = "*"
        return response

    return wrapper


def _absolute(request: HttpRequest):
    return request.build_absolute_uri


def _int_param(request, name: str, default: int, minimum: int = 1, maximum=None) -> int:
    raw = request.GET.get(name, "")
    if raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise BadParameter(f"{name} must be a whole number.") from None
    if value < minimum or (maximum is not None and value > maximum):
        raise BadParameter(f"{name} must be between {minimum} and {maximum or 'any'}.")
    return value


def _number_param(request, name: str) -> float | None:
    raw = request.GET.get(name, "")
    if raw == "":
        return None
    try:
        return float(raw)
    except ValueError:
        raise BadParameter(f"{name} must be a number.") from None


def _uuid_param(request, name: str) -> uuid.UUID | None:
    raw = request.GET.get(name, "")
    if raw == "":
        return None
    try:
        return uuid.UUID(raw)
    except ValueError:
        raise BadParameter(f"{name} must be a UUID.") from None


def _time_param(request, name: str) -> time | None:
    raw = request.GET.get(name, "")
    if raw == "":
        return None
    try:
        return time.fromisoformat(raw)
    except ValueError:
        raise BadParameter(f"{name} must be a time such as 09:00.") from None


def _paginate(request, items: list | QuerySet, serialise) -> JsonResponse:
    per_page = _int_param(request, "per_page", DEFAULT_PER_PAGE, maximum=MAX_PER_PAGE)
    page = _int_param(request, "page", 1)
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


def _categories_prefetch(prefix: str = "") -> Prefetch:
    return Prefetch(
        f"{prefix}categories", queryset=Category.objects.select_related("parent", "taxonomy")
    )


def _full_services() -> QuerySet:
    return (
        Service.objects.visible()
        .select_related("organisation", "organisation__logo")
        .prefetch_related(
            "schedules",
            "service_areas",
            "languages",
            _categories_prefetch(),
            Prefetch(
                "service_at_locations",
                queryset=ServiceAtLocation.objects.select_related("location"),
            ),
        )
    )


def _filter_services(request, services: QuerySet, prefix: str = "") -> QuerySet:
    """The profile's query parameters; ``prefix`` reaches the service from another model."""

    def f(**lookups) -> Q:
        return Q(**{prefix + key: value for key, value in lookups.items()})

    for term in request.GET.get("search", "").split()[:8]:
        services = services.filter(
            f(name__icontains=term)
            | f(description__icontains=term)
            | f(organisation__name__icontains=term)
        )
    term_id = _uuid_param(request, "taxonomy_term_id")
    if term_id:
        services = services.filter(f(categories__uuid=term_id))
    taxonomy_id = _uuid_param(request, "taxonomy_id")
    if taxonomy_id:
        services = services.filter(f(categories__taxonomy__uuid=taxonomy_id))
    organization_id = _uuid_param(request, "organization_id")
    if organization_id:
        services = services.filter(f(organisation__uuid=organization_id))
    minimum_age = _number_param(request, "minimum_age")
    if minimum_age is not None:
        services = services.filter(f(minimum_age__gte=minimum_age))
    maximum_age = _number_param(request, "maximum_age")
    if maximum_age is not None:
        services = services.filter(f(maximum_age__lte=maximum_age))
    day = request.GET.get("day", "").strip()
    if day:
        code = DAY_NAMES.get(day.lower(), day.upper()[:2])
        if code not in DAYS:
            raise BadParameter("day must be a day such as MO or Monday.")
        services = services.filter(f(schedules__byday__contains=code))
    start_time = _time_param(request, "start_time")
    if start_time:
        services = services.filter(f(schedules__opens_at__gte=start_time))
    end_time = _time_param(request, "end_time")
    if end_time:
        services = services.filter(f(schedules__closes_at__lte=end_time))
    modified_after = request.GET.get("modified_after", "")
    if modified_after:
        when = parse_datetime(modified_after)
        if when is None:
            try:
                when = datetime.fromisoformat(modified_after)
            except ValueError:
                raise BadParameter("modified_after must be an ISO 8601 date-time.") from None
        services = services.filter(f(updated_at__gte=when))
    return services.distinct() if not prefix else services


def _near(request):
    postcode = request.GET.get("postcode", "").strip()
    if not postcode:
        if request.GET.get("proximity"):
            raise BadParameter("proximity needs a postcode.")
        return None, None
    proximity = _number_param(request, "proximity") or DEFAULT_PROXIMITY_METRES
    try:
        place = locate(postcode)
    except UnknownPostcode as unknown:
        raise BadParameter(str(unknown)) from None
    except Exception:
        raise BadParameter("postcode is not a UK postcode.") from None
    return place, proximity / 1000


# --- endpoints -----------------------------------------------------------------------


@open_api
def root(request: HttpRequest) -> JsonResponse:
    return JsonResponse(
        {
            "version": "3.0",
            "profile": "https://github.com/openreferral/uk-profile",
            "openapi_url": request.build_absolute_uri("openapi.json"),
        }
    )


@open_api
def openapi(request: HttpRequest) -> JsonResponse:
    import json

    return JsonResponse(json.loads(OPENAPI.read_text()))


@open_api
def services(request: HttpRequest) -> JsonResponse:
    absolute = _absolute(request)
    queryset = _filter_services(request, Service.objects.visible()).select_related(
        "organisation", "organisation__logo"
    )
    place, radius_km = _near(request)
    if place:
        queryset = queryset.filter(pk__in=_services_near(place, radius_km, queryset.values("pk")))
    return _paginate(
        request, queryset.order_by("name", "pk"), lambda s: oruk.service_summary(s, absolute)
    )


def _services_near(place, radius_km, service_ids) -> list[int]:
    rows = ServiceAtLocation.objects.filter(
        service_id__in=service_ids, location__public_latitude__isnull=False
    ).values_list("service_id", "location__public_latitude", "location__public_longitude")
    return [
        service_id
        for service_id, lat, lon in rows
        if distance_km(place.latitude, place.longitude, lat, lon) <= radius_km
    ]


@open_api
def service_detail(request: HttpRequest, id: uuid.UUID) -> JsonResponse:
    service = _full_services().filter(uuid=id).first()
    if service is None:
        return JsonResponse({"error": "No such service."}, status=404)
    return JsonResponse(oruk.service_full(service, _absolute(request)))


def _service_at_locations() -> QuerySet:
    return ServiceAtLocation.objects.filter(service__in=Service.objects.visible()).select_related(
        "location", "service", "service__organisation", "service__organisation__logo"
    )


@open_api
def service_at_locations(request: HttpRequest) -> JsonResponse:
    absolute = _absolute(request)
    visible_services = _filter_services(request, Service.objects.visible())
    queryset = _service_at_locations().filter(service__in=visible_services.values("pk"))
    place, radius_km = _near(request)
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
    return _paginate(request, rows, lambda sal: oruk.service_at_location(sal, absolute, full=False))


@open_api
def service_at_location_detail(request: HttpRequest, id: uuid.UUID) -> JsonResponse:
    sal = (
        _service_at_locations()
        .prefetch_related(
            "service__schedules",
            "service__service_areas",
            "service__languages",
            _categories_prefetch("service__"),
            Prefetch(
                "service__service_at_locations",
                queryset=ServiceAtLocation.objects.select_related("location"),
            ),
        )
        .filter(uuid=id)
        .first()
    )
    if sal is None:
        return JsonResponse({"error": "No such service at location."}, status=404)
    return JsonResponse(oruk.service_at_location(sal, _absolute(request), full=True))


@open_api
def organizations(request: HttpRequest) -> JsonResponse:
    absolute = _absolute(request)
    queryset = Organisation.objects.visible().select_related("logo").order_by("name", "pk")
    return _paginate(request, queryset, lambda org: oruk.organization(org, absolute))


@open_api
def organization_detail(request: HttpRequest, id: uuid.UUID) -> JsonResponse:
    org = Organisation.objects.visible().select_related("logo").filter(uuid=id).first()
    if org is None:
        return JsonResponse({"error": "No such organization."}, status=404)
    services = Service.objects.visible().filter(organisation=org).select_related("organisation")
    return JsonResponse(oruk.organization_full(org, services, _absolute(request)))


@open_api
def taxonomies(request: HttpRequest) -> JsonResponse:
    return _paginate(request, Taxonomy.objects.order_by("name", "pk"), oruk.taxonomy)


@open_api
def taxonomy_detail(request: HttpRequest, id: uuid.UUID) -> JsonResponse:
    tax = Taxonomy.objects.filter(uuid=id).first()
    if tax is None:
        return JsonResponse({"error": "No such taxonomy."}, status=404)
    terms = tax.terms.select_related("parent", "taxonomy")
    return JsonResponse(oruk.taxonomy(tax, terms))


@open_api
def taxonomy_terms(request: HttpRequest) -> JsonResponse:
    queryset = Category.objects.select_related("parent", "taxonomy").order_by("name", "pk")
    return _paginate(request, queryset, oruk.taxonomy_term)


@open_api
def taxonomy_term_detail(request: HttpRequest, id: uuid.UUID) -> JsonResponse:
    term = Category.objects.select_related("parent", "taxonomy").filter(uuid=id).first()
    if term is None:
        return JsonResponse({"error": "No such taxonomy term."}, status=404)
    return JsonResponse(oruk.taxonomy_term(term))
