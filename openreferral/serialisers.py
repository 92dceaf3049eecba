"""Open Referral UK (HSDS 3.0) representations of the directory.

Only what the public may see goes in: published entries of organisations that are not
suspended, public contact details, and for confidential locations only the town, the
postcode district and the district's centre. Members-only fields never appear.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable
from typing import Any, cast

from django.conf import settings

from directory.models import (
    Category,
    Closure,
    Location,
    Organisation,
    Schedule,
    Service,
    ServiceAtLocation,
    Taxonomy,
)

# A record as the profile's JSON has it.
Record = dict[str, Any]
# Makes a path absolute on the site's address (core.site_address.absolute).
Absolute = Callable[[str], str]

HSDS_STATUS: dict[str, str] = {
    Service.Status.ACTIVE: "active",
    Service.Status.TEMPORARILY_CLOSED: "temporarily closed",
    Service.Status.INACTIVE: "inactive",
}
STATUS_FROM_HSDS = {
    "active": Service.Status.ACTIVE,
    "temporarily closed": Service.Status.TEMPORARILY_CLOSED,
    "inactive": Service.Status.INACTIVE,
    "defunct": Service.Status.INACTIVE,
}


def child_id(parent: uuid.UUID, kind: str) -> str:
    """A stable id for a record Waymark keeps as a field rather than a table."""
    return str(uuid.uuid5(parent, kind))


def _drop_empty(data: Record) -> Record:
    return {key: value for key, value in data.items() if value not in ("", None)}


def organization(org: Organisation, absolute: Absolute) -> Record:
    return _drop_empty(
        {
            "id": str(org.uuid),
            "name": org.name,
            "description": org.description or org.name,
            "email": org.email,
            "website": org.website,
            "logo": absolute(org.logo.file.url) if org.logo_id and org.logo else "",
            "uri": absolute(org.get_absolute_url()),
        }
    )


def organization_full(org: Organisation, services: Iterable[Service], absolute: Absolute) -> Record:
    data = organization(org, absolute)
    identifiers = []
    if org.charity_number:
        identifiers.append(
            {
                "id": child_id(org.uuid, "charity-number"),
                "organization_id": str(org.uuid),
                "identifier_scheme": "GB-CHC",
                "identifier_type": "Charity number",
                "identifier": org.charity_number,
            }
        )
    if org.company_number:
        identifiers.append(
            {
                "id": child_id(org.uuid, "company-number"),
                "organization_id": str(org.uuid),
                "identifier_scheme": "GB-COH",
                "identifier_type": "Company number",
                "identifier": org.company_number,
            }
        )
    data["organization_identifiers"] = identifiers
    data["services"] = [service_summary(s, absolute, with_organization=False) for s in services]
    return data


def taxonomy(tax: Taxonomy, terms: Iterable[Category] | None = None) -> Record:
    data = _drop_empty(
        {
            "id": str(tax.uuid),
            "name": tax.name,
            "description": tax.description or tax.name,
            "uri": tax.uri,
            "version": tax.version,
        }
    )
    if terms is not None:
        data["taxonomy_terms"] = [taxonomy_term(term) for term in terms]
    return data


def taxonomy_term(term: Category) -> Record:
    return _drop_empty(
        {
            "id": str(term.uuid),
            "name": term.name,
            "description": term.description or term.name,
            "parent_id": str(term.parent.uuid) if term.parent else None,
            "taxonomy": term.taxonomy.name if term.taxonomy else None,
            "taxonomy_id": str(term.taxonomy.uuid) if term.taxonomy else None,
            "term_uri": term.term_uri,
            "term": term.slug,
        }
    )


def service_summary(
    service: Service, absolute: Absolute, *, with_organization: bool = True
) -> Record:
    org = service.organisation
    data = _drop_empty(
        {
            "id": str(service.uuid),
            "organization_id": str(org.uuid),
            "name": service.name,
            "description": service.description,
            "url": service.url or absolute(service.get_absolute_url()),
            "email": service.email,
            "status": HSDS_STATUS.get(service.status, "active"),
            "fees": service.cost,
            "minimum_age": service.minimum_age,
            "maximum_age": service.maximum_age,
            "assured_date": org.verified_at.date().isoformat() if org.verified_at else None,
            # A role address: who assures the directory, never a person's own e-mail.
            "assurer_email": settings.DIRECTORY_ASSURER_EMAIL if org.verified_at else None,
            "alert": service.alert,
            "last_modified": service.updated_at.isoformat(),
        }
    )
    if with_organization:
        data["organization"] = organization(org, absolute)
    return data


def location(loc: Location) -> Record:
    """The public view only: a confidential location never carries its address."""
    view = loc.public_view()
    data = _drop_empty(
        {
            "id": str(loc.uuid),
            "location_type": loc.location_type,
            "name": view.name,
            "description": (
                f"{view.town} ({view.postcode}). Confidential address. {view.front_door}".strip()
                if view.address_withheld
                else view.front_door
            ),
            "latitude": view.latitude,
            "longitude": view.longitude,
        }
    )
    if not view.address_withheld and loc.address_1 and loc.postcode:
        data["addresses"] = [
            _drop_empty(
                {
                    "id": child_id(loc.uuid, "address"),
                    "location_id": str(loc.uuid),
                    "address_1": ", ".join(view.address_lines),
                    "city": view.town,
                    "state_province": "Essex",
                    "postal_code": view.postcode,
                    "country": "GB",
                    "address_type": "physical",
                }
            )
        ]
    if view.accessibility:
        data["accessibility"] = [
            {
                "id": child_id(loc.uuid, "accessibility"),
                "location_id": str(loc.uuid),
                "description": view.accessibility,
            }
        ]
    return data


def _schedule(schedule: Schedule, service: Service) -> Record:
    return _drop_empty(
        {
            "id": str(schedule.uuid),
            "service_id": str(service.uuid),
            "freq": "WEEKLY",
            "byday": schedule.byday,
            "opens_at": schedule.opens_at.isoformat() if schedule.opens_at else None,
            "closes_at": schedule.closes_at.isoformat() if schedule.closes_at else None,
            "description": schedule.description or schedule.summary,
        }
    )


# The profile has no holiday schedule: a closure is a schedule valid on its days only, with
# no opening times, whose notes begin with this word (which is how ``import_oruk`` knows it).
CLOSED = "Closed"


def _closure(closure: Closure, service: Service) -> Record:
    first, last = closure.starts_on.isoformat(), closure.ends_on.isoformat()
    return _drop_empty(
        {
            "id": child_id(service.uuid, f"closure:{first}:{last}"),
            "service_id": str(service.uuid),
            "valid_from": first,
            "valid_to": last,
            "dtstart": first,
            "description": f"{closure}: {closure.reason}" if closure.reason else str(closure),
            "notes": f"{CLOSED}: {closure.reason}" if closure.reason else CLOSED,
        }
    )


def service_full(service: Service, absolute: Absolute) -> Record:
    data = service_summary(service, absolute)
    data["schedules"] = [_schedule(s, service) for s in service.schedules.all()] + [
        _closure(c, service) for c in service.closures.all()
    ]
    data["service_areas"] = [
        {
            "id": child_id(service.uuid, f"area:{area.uuid}"),
            "service_id": str(service.uuid),
            "name": area.name,
            "service_area": area.name,
        }
        for area in service.service_areas.all()
    ]
    data["service_at_locations"] = [
        {
            "id": str(sal.uuid),
            "service_id": str(service.uuid),
            "location_id": str(sal.location.uuid),
            "location": location(sal.location),
        }
        for sal in service.service_at_locations.all()
    ]
    data["languages"] = [
        {
            "id": child_id(service.uuid, f"language:{lang.code}"),
            "service_id": str(service.uuid),
            "name": lang.name,
            "code": lang.code,
        }
        for lang in service.languages.all()
    ]
    contact: dict[str, object] = {
        "id": child_id(service.uuid, "referral-contact"),
        "service_id": str(service.uuid),
        "name": service.referral_contact_name or "Referrals",
        "title": "Referral contact",
    }
    if service.referral_phone:
        contact["phones"] = [
            {"id": child_id(service.uuid, "referral-phone"), "number": service.referral_phone}
        ]
    data["contacts"] = [contact]
    data["cost_options"] = (
        [
            {
                "id": child_id(service.uuid, "cost"),
                "service_id": str(service.uuid),
                "option": service.cost,
                **({"amount": 0} if service.is_free else {}),
            }
        ]
        if service.cost
        else []
    )
    data["funding"] = []
    data["attributes"] = [
        {
            "id": child_id(service.uuid, f"term:{term.uuid}"),
            "link_id": str(service.uuid),
            "taxonomy_term_id": str(term.uuid),
            "link_type": "service",
            "taxonomy_term": taxonomy_term(term),
        }
        for term in service.categories.all()
    ]
    return data


def service_at_location(sal: ServiceAtLocation, absolute: Absolute, *, full: bool) -> Record:
    # modelcluster's ParentalKey is an untyped ForeignKey: mypy cannot tell what it holds.
    service = cast(Service, sal.service)
    return {
        "id": str(sal.uuid),
        "service_id": str(service.uuid),
        "location_id": str(sal.location.uuid),
        "location": location(sal.location),
        "service": service_full(service, absolute) if full else service_summary(service, absolute),
    }
