"""Search documents for the directory: services and organisations.

Only what the public may see is indexed: members-only fields (direct referral lines,
secure e-mail, members' notes) never are, and a confidential location contributes only
its town, its postcode district and its public (district-centre) point.
"""

from __future__ import annotations

from django.db.models import Q

from search.documents import OrganisationDocument, ServiceDocument
from search.indexes.common import audiences_of, point, suggestion, summary, text, unique
from search.registry import IndexSpec, Watch, register

NRM_WORDS = "NRM first responder (National Referral Mechanism)"


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


def _category_names(categories) -> list[str]:
    names = []
    for category in categories:
        names.append(category.name)
        if category.parent_id and category.parent:
            names.append(category.parent.name)
    return unique(names)


def _category_slugs(categories) -> list[str]:
    slugs = []
    for category in categories:
        slugs.append(category.slug)
        if category.parent_id and category.parent:
            slugs.append(category.parent.slug)
    return unique(slugs)


def _eligibility(service) -> list[str]:
    """Flags matching the directory's eligibility filter (directory/search.py)."""
    flags = []
    if service.nrm_requirement == "none":
        flags.append("no_nrm_needed")
    if service.immigration_status == "any":
        flags.append("no_recourse")
    if service.gender in ("any", "women"):
        flags.append("women")
    if service.gender in ("any", "men"):
        flags.append("men")
    if service.minimum_age is None or service.minimum_age < 18:
        flags.append("under_18")
    if service.available_24_7:
        flags.append("tonight")
    if service.status == "inactive":
        flags.append("inactive")
    return flags


def _is_verified(organisation) -> bool:
    return organisation.verified_at is not None


def build_service(service) -> dict | None:
    audiences = audiences_of(service)
    if not audiences:
        return None
    organisation = service.organisation
    categories = list(service.categories.all())
    locations = [sal.location for sal in service.service_at_locations.all()] or list(
        organisation.locations.all()
    )
    places, points = _location_fields(locations)
    languages = unique(
        [lang.name for lang in service.languages.all()]
        + [lang.name for lang in organisation.languages.all()]
    )
    areas = unique(area.name for area in service.service_areas.all()) or unique(
        area.name for area in organisation.areas.all()
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
            " ".join(tag.name for tag in service.tags.all()),
            *features,
        ),
        "summary": summary(service.description),
        "url": service.get_absolute_url(),
        "categories": _category_names(categories),
        "category_text": text(*_category_names(categories)),
        "organisation": organisation.name,
        "organisation_slug": organisation.slug,
        "organisation_type": organisation.get_organisation_type_display(),
        "areas": areas,
        "languages": languages,
        "places": text(*languages, *areas, *places),
        "category_slugs": _category_slugs(categories),
        "area_slugs": unique(a.slug for a in service.service_areas.all())
        + unique(a.slug for a in organisation.areas.all()),
        "language_codes": unique(lang.code for lang in service.languages.all()),
        "eligibility": _eligibility(service),
        "accepting_referrals": bool(service.accepting_referrals) and not closed,
        "verified": _is_verified(organisation),
        "closed": closed,
        "status": service.get_status_display(),
        "locations": points,
        "updated_at": service.updated_at,
        "suggest": suggestion(service.name, weight=3 if not closed else 1),
    }


def service_queryset():
    from directory.models import Service

    return Service.objects.select_related("organisation").prefetch_related(
        "categories__parent",
        "languages",
        "service_areas",
        "tags",
        "service_at_locations__location",
        "organisation__locations",
        "organisation__languages",
        "organisation__areas",
    )


def service_fallback(query: str):

    return service_queryset().filter(
        Q(name__icontains=query)
        | Q(description__icontains=query)
        | Q(organisation__name__icontains=query)
        | Q(categories__name__icontains=query)
    )


def build_organisation(organisation) -> dict | None:
    audiences = audiences_of(organisation)
    if not audiences:
        return None
    services = [s for s in organisation.services.all() if s.live]
    categories = _category_names(c for s in services for c in s.categories.all())
    places, points = _location_fields(organisation.locations.all())
    languages = unique(lang.name for lang in organisation.languages.all())
    areas = unique(area.name for area in organisation.areas.all())
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
    from directory.models import Organisation

    return Organisation.objects.prefetch_related(
        "services__categories__parent", "locations", "languages", "areas"
    )


def organisation_fallback(query: str):
    return organisation_queryset().filter(
        Q(name__icontains=query) | Q(description__icontains=query)
    )


def _services_at(location):
    from directory.models import ServiceAtLocation

    return ServiceAtLocation.objects.filter(location=location).values_list("service_id", flat=True)


SERVICES = register(
    IndexSpec(
        name="services",
        label="Services",
        document=ServiceDocument,
        model="directory.Service",
        build=build_service,
        queryset=service_queryset,
        fallback=service_fallback,
        m2m=("categories", "languages", "service_areas"),
        watches=(
            Watch("directory.Organisation", lambda o: o.services.values_list("pk", flat=True)),
            Watch("directory.Location", _services_at),
            Watch("directory.ServiceAtLocation", lambda sal: [sal.service_id]),
            Watch("directory.Category", lambda c: c.services.values_list("pk", flat=True)),
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
        fallback=organisation_fallback,
        m2m=("areas", "languages"),
        watches=(
            Watch("directory.Service", lambda s: [s.organisation_id]),
            Watch("directory.Location", lambda loc: [loc.organisation_id]),
        ),
        order=20,
    )
)
