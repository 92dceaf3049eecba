"""Search documents for the directory: services and organisations.

Only what the public may see is indexed: members-only fields (direct referral lines,
secure e-mail, members' notes) never are, and a confidential location contributes only
its town, its postcode district and its public (district-centre) point.
"""

from __future__ import annotations

from django.db.models import Q, prefetch_related_objects
from django.utils import timezone
from elasticsearch.dsl import Object
from taggit.models import Tag

from accounts import policy
from directory import availability, filters, opening
from directory.models import (
    Area,
    Category,
    Language,
    Location,
    Organisation,
    Service,
    ServiceAtLocation,
    ServiceTag,
)
from directory.opening import OPENING_PREFETCH
from search import everyday
from search.documents import WaymarkDocument
from search.index_helpers import (
    attach,
    attach_children,
    attach_m2m,
    audiences_of,
    point,
    related,
    suggestion,
    summary,
    text,
    unique,
)
from search.registry import IndexSpec, Watch, register

NRM_WORDS = "NRM first responder (National Referral Mechanism)"


class ServiceDocument(WaymarkDocument):
    # What a card shows, kept as it is (search/queries.py's SOURCE_FIELDS), never searched.
    card = Object(enabled=False)


class OrganisationDocument(WaymarkDocument):
    pass


def _location_fields(locations) -> tuple[list[str], list[dict]]:
    places, points = [], []
    for location in locations:
        view = location.public_view()
        places += [view.town, view.postcode]
        if not location.is_confidential:
            places.append(location.name)
        found = point(location.public_latitude, location.public_longitude)
        if found:
            points.append(found)
    return unique(places), points


def _with_parents(categories, attribute: str) -> list[str]:
    """A category's name (or slug) and its parent's, so a search for the broader term finds it."""
    values = []
    for category in categories:
        values.append(getattr(category, attribute))
        if category.parent_id and category.parent:
            values.append(getattr(category.parent, attribute))
    return unique(values)


def _is_verified(organisation) -> bool:
    return organisation.verified_at is not None


def _service_locations(service) -> list:
    found = getattr(service, "search_locations", None)
    if found is None:
        found = [sal.location for sal in service.service_at_locations.all()]
    return found


def build_service(service) -> dict | None:
    audiences = audiences_of(service)
    if not audiences:
        return None
    organisation = service.organisation
    categories = related(service, "categories")
    locations = _service_locations(service) or related(organisation, "locations")
    places, points = _location_fields(locations)
    service_languages = related(service, "languages")
    service_areas = related(service, "service_areas")
    organisation_areas = related(organisation, "areas")
    languages = unique(
        [lang.name for lang in service_languages]
        + [lang.name for lang in related(organisation, "languages")]
    )
    areas = unique(area.name for area in service_areas) or unique(
        area.name for area in organisation_areas
    )
    features = [
        NRM_WORDS if organisation.nrm_first_responder else "",
        "Self-referral" if service.self_referral else "",
        "Open 24/7, takes referrals at night and at weekends" if service.available_24_7 else "",
        "Free" if service.is_free else "",
        service.get_gender_display() if service.gender != "any" else "",
    ]
    closed = service.status != "active"
    return {
        "type": "service",
        "object_id": str(service.pk),
        "audiences": audiences,
        "title": service.name,
        "body": text(
            service.description,
            service.eligibility_notes,
            service.referral_instructions,
            service.get_nrm_requirement_display(),
            " ".join(tag.name for tag in related(service, "tags")),
            *features,
        ),
        "summary": summary(service.description),
        "url": service.get_absolute_url(),
        "categories": _with_parents(categories, "name"),
        "category_text": text(*_with_parents(categories, "name")),
        "organisation": organisation.name,
        "organisation_slug": organisation.slug,
        "organisation_type": organisation.get_organisation_type_display(),
        "areas": areas,
        "languages": languages,
        "places": text(*languages, *areas, *places),
        "category_slugs": _with_parents(categories, "slug"),
        "area_slugs": unique(a.slug for a in service_areas)
        + unique(a.slug for a in organisation_areas),
        "language_codes": unique(lang.code for lang in service_languages),
        "eligibility": filters.index_flags(service),
        "accepting_referrals": filters.ACCEPTING.holds(service),
        **filters.OPEN_AT.index_fields(service),
        "verified": _is_verified(organisation),
        "closed": closed,
        "status": service.get_status_display(),
        "locations": points,
        "updated_at": service.updated_at,
        "suggest": suggestion(service.name, weight=3 if not closed else 1),
        "card": _card(service),
    }


def service_queryset():
    return Service.objects.select_related("organisation")


def prepare_services(services: list) -> None:
    """Everything ``build_service`` reads, for a batch of services, in a dozen queries."""
    # One instance per organisation, so its related rows are read once for all its services.
    by_id: dict[int, Organisation] = {}
    for service in services:
        service.organisation = by_id.setdefault(service.organisation_id, service.organisation)
    organisations = list(by_id.values())
    attach_m2m(services, "categories", Category.objects.select_related("parent"))
    attach_m2m(services, "languages", Language.objects.all())
    attach_m2m(services, "service_areas", Area.objects.all())
    attach(services, "tags", ServiceTag, "content_object", "tag", Tag.objects.all())
    attach_children(organisations, "locations", Location.objects.all(), "organisation")
    attach_m2m(organisations, "languages", Language.objects.all())
    attach_m2m(organisations, "areas", Area.objects.all())
    # Where each service is offered: usually its own organisation's locations, read above.
    places = {loc.pk: loc for org in organisations for loc in org.search_locations}
    pairs = list(
        ServiceAtLocation.objects.filter(service_id__in=[s.pk for s in services])
        .order_by("sort_order", "pk")
        .values_list("service_id", "location_id")
    )
    places.update(Location.objects.in_bulk({loc for _, loc in pairs} - places.keys()))
    by_service: dict = {}
    for service_id, location_id in pairs:
        if location_id in places:
            by_service.setdefault(service_id, []).append(places[location_id])
    for service in services:
        service.search_locations = by_service.get(service.pk, [])
    prefetch_related_objects(services, *OPENING_PREFETCH)


def service_fallback(query: str):
    # Everyday phrases ("somewhere to sleep tonight") find their categories here too; typing
    # errors are not forgiven by the database.
    return service_queryset().filter(
        Q(name__icontains=query)
        | Q(description__icontains=query)
        | Q(organisation__name__icontains=query)
        | Q(categories__name__icontains=query)
        | Q(categories__name__in=everyday.categories_for(query))
    )


def build_organisation(organisation) -> dict | None:
    audiences = audiences_of(organisation)
    if not audiences:
        return None
    services = [s for s in related(organisation, "services") if s.live]
    categories = _with_parents((c for s in services for c in related(s, "categories")), "name")
    places, points = _location_fields(related(organisation, "locations"))
    languages = unique(lang.name for lang in related(organisation, "languages"))
    areas = unique(area.name for area in related(organisation, "areas"))
    return {
        "type": "organisation",
        "object_id": str(organisation.pk),
        "audiences": audiences,
        "title": organisation.name,
        "body": text(
            organisation.description,
            NRM_WORDS if organisation.nrm_first_responder else "",
            " ".join(s.name for s in services),
        ),
        "summary": summary(organisation.description),
        "url": organisation.get_absolute_url(),
        "categories": categories,
        "category_text": text(*categories),
        "organisation": organisation.name,
        "organisation_slug": organisation.slug,
        "organisation_type": organisation.get_organisation_type_display(),
        "areas": areas,
        "languages": languages,
        "places": text(*languages, *areas, *places),
        "accepting_referrals": any(s.accepting_referrals for s in services),
        "verified": _is_verified(organisation),
        "closed": False,
        "status": organisation.get_status_display(),
        "locations": points,
        "updated_at": organisation.updated_at,
        "suggest": suggestion(organisation.name, weight=2),
    }


def organisation_queryset():
    return Organisation.objects.all()


def prepare_organisations(organisations: list) -> None:
    """Everything ``build_organisation`` reads, for a batch, in a few queries."""
    services = Service.objects.only("pk", "organisation_id", "name", "live", "accepting_referrals")
    attach_children(organisations, "services", services, "organisation")
    attach_m2m(
        [s for org in organisations for s in org.search_services],
        "categories",
        Category.objects.select_related("parent"),
    )
    attach_children(organisations, "locations", Location.objects.all(), "organisation")
    attach_m2m(organisations, "languages", Language.objects.all())
    attach_m2m(organisations, "areas", Area.objects.all())


def organisation_fallback(query: str):
    return organisation_queryset().filter(
        Q(name__icontains=query) | Q(description__icontains=query)
    )


def _services_at(location):
    return ServiceAtLocation.objects.filter(location=location).values_list("service_id", flat=True)


# --- what /api/search asks of services beyond their documents ------------------------------


def _service_filters(user, params) -> list[dict]:
    clauses = filters.OPEN_AT.clauses(params.open_at) if params.open_at else []
    if params.available and policy.can_see_availability(user):
        clauses += filters.AVAILABLE.clauses()
    return clauses


def _service_keeps(user, params, service) -> bool:
    """The database stand-in's answer to ``_service_filters``."""
    if params.open_at and opening.open_now(service, params.open_at) is not True:
        return False
    if params.available and policy.can_see_availability(user):
        return Service.objects.filter(filters.AVAILABLE.q(), pk=service.pk).exists()
    return True


# What a card says of a service beyond its document's searchable fields: who it is for and
# when it is open (worked out when the search runs, from these).
CARD_FIELDS = (
    "status",
    "available_24_7",
    "takes_people_in",
    "gender",
    "minimum_age",
    "maximum_age",
)


def _card(service) -> dict:
    """What a card reads of ``service``, kept in its document (not searched): a search's
    cards then need no query, where loading 20 services with their hours cost a fifth of
    the whole search."""
    return {
        **{name: getattr(service, name) for name in CARD_FIELDS},
        "hours": opening.stored_hours(service),
    }


def _service_from_card(pk: int, card: dict) -> Service:
    """An unsaved service holding what ``_card`` kept: enough for its card, nothing more."""
    service = Service(pk=pk, **{name: card[name] for name in CARD_FIELDS})
    opening.restore_hours(service, card["hours"])
    return service


def _describe_services(user, hits) -> None:
    """Each service hit's languages, whether it is open now and, for members only, its
    availability (absent for anyone else): from the document, and availability (or a
    document written before cards were kept in it) from the database."""
    # Only documents built from services have a service's id.
    hits = [hit for hit in hits if str(hit.id).isdigit()]
    if not hits:
        return
    services = {int(hit.id): _service_from_card(int(hit.id), hit.card) for hit in hits if hit.card}
    if missing := [int(hit.id) for hit in hits if not hit.card]:
        found = Service.objects.filter(pk__in=missing).only("pk", *CARD_FIELDS).in_bulk()
        opening.attach_hours(found.values())
        services.update(found)
    if policy.can_see_availability(user):
        prefetch_related_objects(list(services.values()), "availability")
    now = timezone.now()
    for hit in hits:
        service = services.get(int(hit.id))
        if service is None:
            continue
        said = opening.opening(service, now)
        hit.extra = {
            "languages": hit.languages,
            "open_now": said.open_now,
            "opening": said.summary,
        }
        hit.shown = {"eligibility": service.eligibility_summary}
        said_space = availability.for_user(user, service, now)
        if said_space is not None:
            hit.extra["availability"] = {
                "state": said_space.state,
                "updated_at": said_space.updated_at,
            }
            hit.shown["availability"] = said_space.label


SERVICES = register(
    IndexSpec(
        name="services",
        label="Services",
        document=ServiceDocument,
        model="directory.Service",
        build=build_service,
        queryset=service_queryset,
        prepare=prepare_services,
        fallback=service_fallback,
        m2m=("categories", "languages", "service_areas"),
        extra={
            "filters": _service_filters,
            "keeps": _service_keeps,
            "describe": _describe_services,
        },
        watches=(
            Watch("directory.Organisation", lambda o: o.services.values_list("pk", flat=True)),
            Watch("directory.Location", _services_at),
            Watch("directory.ServiceAtLocation", lambda sal: [sal.service_id]),
            Watch("directory.Category", lambda c: c.services.values_list("pk", flat=True)),
            Watch("directory.Schedule", lambda schedule: [schedule.service_id]),
            Watch("directory.Closure", lambda closure: [closure.service_id]),
        ),
        order=10,
    )
)

ORGANISATIONS = register(
    IndexSpec(
        name="organisations",
        label="Organisations",
        document=OrganisationDocument,
        model="directory.Organisation",
        build=build_organisation,
        queryset=organisation_queryset,
        prepare=prepare_organisations,
        fallback=organisation_fallback,
        m2m=("areas", "languages"),
        watches=(
            Watch("directory.Service", lambda s: [s.organisation_id]),
            Watch("directory.Location", lambda loc: [loc.organisation_id]),
        ),
        order=20,
    )
)
