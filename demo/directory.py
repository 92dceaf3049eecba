"""The demo directory from ``data/directory.json``: taxonomy, areas, languages, postcodes,
organisations and their services.

The file says who is there and what they offer; the few rules below fill in the details
every entry needs (phone numbers, postcodes near the town's centre, review dates, who is
accepting referrals) the same way on every run, so the demo is deterministic, and running it
again changes nothing.
"""

from __future__ import annotations

import uuid
from datetime import datetime, time, timedelta
from typing import Any

from django.core.management.base import OutputWrapper
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify

from demo.load import read
from directory.models import (
    Area,
    Category,
    Language,
    Location,
    Organisation,
    Schedule,
    Service,
    ServiceAtLocation,
    Taxonomy,
)
from places.models import Postcode

NAMESPACE = uuid.UUID("6f1c2a4e-7d3b-4c55-9a0e-5b8f0c9d1e21")
POSTCODE_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"


def stable_uuid(*parts: str) -> uuid.UUID:
    """The same demo record keeps the same Open Referral id on every run."""
    return uuid.uuid5(NAMESPACE, "/".join(parts))


def find_service(organisation_slug: str, matches: str) -> Service | None:
    """The organisation's first service whose slug or name contains ``matches``."""
    return (
        Service.objects.filter(organisation__slug=organisation_slug)
        .filter(Q(slug__icontains=matches) | Q(name__icontains=matches))
        .first()
    )


def seed(stdout: OutputWrapper) -> None:
    data = read("directory")
    categories = _seed_taxonomy(data)
    areas = {}
    for area in data["areas"]:
        areas[area["slug"]], _ = Area.objects.update_or_create(
            slug=area["slug"],
            defaults={"name": area["name"], "uuid": stable_uuid("area", area["slug"])},
        )
    languages = {}
    for language in data["languages"]:
        languages[language["code"]], _ = Language.objects.update_or_create(
            code=language["code"], defaults={"name": language["name"]}
        )
    districts = data["postcode_districts"]
    for district, (lat, lon) in districts.items():
        Postcode.objects.update_or_create(
            postcode=district, defaults={"is_district": True, "latitude": lat, "longitude": lon}
        )

    service_count = 0
    for index, entry in enumerate(data["organisations"]):
        town = data["towns"][entry["town"]]
        organisation = _seed_organisation(index, entry)
        organisation.areas.set([areas[town["area"]], areas["north-essex"]])
        organisation.languages.set([languages[code] for code in entry["languages"]])
        organisation.save()  # parental many-to-many changes are written on save
        main, safe_house = _seed_locations(
            index, organisation, entry, town, districts, data["streets"]
        )
        kinds = _kinds_for(index, entry["services"], data["extra_service_kinds"])
        for position, kind in enumerate(kinds):
            service_count += 1
            _seed_service(
                organisation,
                index,
                position,
                kind,
                data["service_kinds"][kind],
                main=main,
                safe_house=safe_house,
                categories=categories,
                languages=[languages[code] for code in entry["languages"]],
                areas=[areas[town["area"]]],
            )
    stdout.write(
        f"  directory: {len(data['organisations'])} organisations, {service_count} services, "
        f"{Postcode.objects.count()} postcodes"
    )


def _seed_taxonomy(data: dict[str, Any]) -> dict[str, Category]:
    taxonomy, _ = Taxonomy.objects.update_or_create(
        uuid=stable_uuid("taxonomy", "waymark"), defaults=data["taxonomy"]
    )
    categories: dict[str, Category] = {}
    for category in data["categories"]:
        slug, parent = category["slug"], category["parent"]
        categories[slug], _ = Category.objects.update_or_create(
            slug=slug,
            defaults={
                "name": category["name"],
                "parent": categories.get(parent) if parent else None,
                "taxonomy": taxonomy,
                "uuid": stable_uuid("category", slug),
            },
        )
    return categories


def _seed_organisation(index: int, entry: dict[str, Any]) -> Organisation:
    slug, org_type = entry["slug"], entry["type"]
    # Every seventh entry is overdue for review, so coordinators have something to do.
    overdue = index % 7 == 6
    verified_on = timezone.localdate() - timedelta(days=400 + index if overdue else 30 + index * 7)
    organisation, _ = Organisation.objects.update_or_create(
        slug=slug,
        defaults={
            "uuid": stable_uuid("organisation", slug),
            "name": entry["name"],
            "description": entry["description"],
            "organisation_type": org_type,
            "website": f"https://{slug}.example.org/",
            "email": f"hello@{slug}.example.org",
            "phone": _phone(index),
            "charity_number": f"11{index:05d}" if org_type in {"charity", "faith"} else "",
            "company_number": f"0{index + 8800000}" if org_type == "business" else "",
            "nrm_first_responder": entry["nrm_first_responder"],
            "secure_email": f"referrals@{slug}.cjsm.example.net",
            "members_notes": "Call ahead before sending anyone in person.",
            "status": Organisation.Status.SUSPENDED
            if entry.get("suspended")
            else Organisation.Status.ACTIVE,
            "verified_at": timezone.make_aware(datetime.combine(verified_on, time(10))),
            "next_review_due": verified_on + timedelta(days=365),
            "live": True,
        },
    )
    return organisation


def _seed_locations(
    index: int,
    organisation: Organisation,
    entry: dict[str, Any],
    town: dict[str, str],
    districts: dict[str, list[float]],
    streets: list[str],
) -> tuple[Location, Location | None]:
    """The office, and a confidential safe house for organisations that run one."""
    district = town["district"]
    postcode, lat, lon = _location_postcode(districts, district, index)
    main, _ = Location.objects.update_or_create(
        organisation=organisation,
        name=f"{entry['name']} office",
        defaults={
            "uuid": stable_uuid("location", entry["slug"], "office"),
            "address_1": f"{index + 2} {streets[index % len(streets)]}",
            "town": town["town"],
            "postcode": postcode,
            "latitude": lat,
            "longitude": lon,
            "accessibility": "Step-free entrance; hearing loop at reception."
            if index % 3
            else "Two steps at the entrance; ring the bell for the portable ramp.",
        },
    )
    Postcode.objects.update_or_create(
        postcode=postcode, defaults={"is_district": False, "latitude": lat, "longitude": lon}
    )
    if not any(kind.startswith("safe_house") for kind in entry["services"]):
        return main, None
    sh_postcode, sh_lat, sh_lon = _location_postcode(districts, district, index + 50)
    safe_house, _ = Location.objects.update_or_create(
        organisation=organisation,
        name="Safe house",
        defaults={
            "uuid": stable_uuid("location", entry["slug"], "safe-house"),
            "address_1": f"{index + 40} {streets[(index + 3) % len(streets)]}",
            "town": town["town"],
            "postcode": sh_postcode,
            "latitude": sh_lat,
            "longitude": sh_lon,
            "is_confidential": True,
            "front_door": "Referrals by phone only; we arrange a safe meeting point.",
            "accessibility": "Ground-floor bedroom available.",
        },
    )
    return main, safe_house


# Services in these categories show members whether they have space tonight.
TAKES_PEOPLE_IN = {"safe-houses", "emergency-accommodation"}


def _seed_service(
    organisation: Organisation,
    index: int,
    position: int,
    kind: str,
    template: dict[str, Any],
    *,
    main: Location,
    safe_house: Location | None,
    categories: dict[str, Category],
    languages: list[Language],
    areas: list[Area],
) -> None:
    options = template["options"]
    slug = slugify(template["name"])
    phone = _phone(index, position + 1)
    accepting = (index + position) % 9 != 4
    status = Service.Status.TEMPORARILY_CLOSED if (index + position) % 23 == 11 else "active"
    # The demo's key journey: Colne Valley's women's safe house in CO1 takes referrals tonight.
    if organisation.slug == "colne-valley-refuge-trust":
        accepting, status = True, Service.Status.ACTIVE
    service, _ = Service.objects.update_or_create(
        organisation=organisation,
        slug=slug,
        defaults={
            "uuid": stable_uuid("service", organisation.slug, slug),
            "name": template["name"],
            "description": template["description"],
            "status": status,
            "url": f"https://{organisation.slug}.example.org/{slug}/",
            "email": f"{slug[:20]}@{organisation.slug}.example.org",
            "phone": phone,
            "minimum_age": options.get("minimum_age"),
            "maximum_age": options.get("maximum_age"),
            "gender": options.get("gender", Service.Gender.ANY),
            "immigration_status": options.get("immigration_status", "any"),
            "nrm_requirement": "none",
            "self_referral": options.get("self_referral", False),
            "professional_referral": True,
            "referral_phone": phone,
            "referral_email": f"referrals@{organisation.slug}.example.org",
            "referral_contact_name": "Duty caseworker",
            "referral_instructions": "Tell us the person's first language, any safety concerns "
            "and whether they have agreed to the referral.",
            "accepting_referrals": accepting,
            "available_24_7": options.get("available_24_7", False),
            "takes_people_in": bool(TAKES_PEOPLE_IN & set(template["categories"])),
            "typical_wait": options.get("typical_wait", "Same day" if accepting else ""),
            "direct_referral_line": f"07700 9{index:02d}{position}{index % 10}0"[:12],
            "secure_email": f"{slug[:20]}@{organisation.slug}.cjsm.example.net",
            "members_notes": "Out of hours, the direct line is answered by the on-call manager."
            if options.get("available_24_7")
            else "",
            "cost": options.get("cost", "Free"),
            "is_free": "cost" not in options,
            "last_reviewed": timezone.localdate() - timedelta(days=20 + index * 5 + position),
            "live": True,
        },
    )
    service.categories.set([categories[c] for c in template["categories"]])
    service.languages.set(languages)
    service.service_areas.set(areas)
    service.tags.set(["modern slavery", kind.replace("_", " ")])
    service.save()
    location = safe_house if kind.startswith("safe_house") and safe_house else main
    ServiceAtLocation.objects.update_or_create(
        service=service,
        location=location,
        defaults={"uuid": stable_uuid("sal", str(service.uuid), str(location.uuid))},
    )
    ServiceAtLocation.objects.filter(service=service).exclude(location=location).delete()
    if options.get("available_24_7"):
        Schedule.objects.filter(service=service).delete()
        return
    Schedule.objects.update_or_create(
        service=service,
        sort_order=0,
        defaults={
            "uuid": stable_uuid("schedule", str(service.uuid)),
            "byday": "MO,TU,WE,TH,FR",
            "opens_at": time(9, 0),
            "closes_at": time(17, 0) if position % 2 == 0 else time(16, 30),
            "description": "Closed on bank holidays.",
        },
    )


def _kinds_for(index: int, kinds: list[str], extra_kinds: list[str]) -> list[str]:
    """At least three services each: smaller organisations also offer general support."""
    padded = list(kinds)
    offset = index
    while len(padded) < 3:
        kind = extra_kinds[offset % len(extra_kinds)]
        offset += 1
        if kind not in padded:
            padded.append(kind)
    return padded


def _phone(index: int, line: int = 0) -> str:
    return f"01206 {500000 + index * 37 + line * 7:06d}"[:12]


def _location_postcode(
    districts: dict[str, list[float]], district: str, index: int
) -> tuple[str, float, float]:
    lat, lon = districts[district]
    letters = POSTCODE_LETTERS
    postcode = f"{district} {1 + index % 9}{letters[index % 20]}{letters[(index * 7) % 20]}"
    # Spread entries around their district's centre, a few hundred metres apart.
    return postcode, lat + ((index * 13) % 11 - 5) * 0.0012, lon + ((index * 7) % 11 - 5) * 0.0018
