"""Small builders for directory records in tests."""

from __future__ import annotations

import itertools

from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from directory.models import (
    Category,
    Location,
    Organisation,
    Schedule,
    Service,
    ServiceAtLocation,
)
from places.models import Postcode

_counter = itertools.count(1)

CO1 = (51.8892, 0.9042)


def postcodes() -> None:
    Postcode.objects.update_or_create(
        postcode="CO1", defaults={"is_district": True, "latitude": CO1[0], "longitude": CO1[1]}
    )
    Postcode.objects.update_or_create(
        postcode="CO1 1AA", defaults={"latitude": 51.8899, "longitude": 0.9010}
    )
    Postcode.objects.update_or_create(
        postcode="CO15", defaults={"is_district": True, "latitude": 51.79, "longitude": 1.155}
    )


def category(slug: str = "safe-houses", name: str = "Safe houses", parent=None) -> Category:
    return Category.objects.get_or_create(slug=slug, defaults={"name": name, "parent": parent})[0]


def organisation(name: str | None = None, **fields) -> Organisation:
    n = next(_counter)
    name = name or f"Organisation {n}"
    fields.setdefault("slug", f"org-{n}")
    return Organisation.objects.create(name=name, description=f"About {name}.", **fields)


def location(org: Organisation, *, lat=CO1[0], lon=CO1[1], **fields) -> Location:
    fields.setdefault("name", "Office")
    fields.setdefault("town", "Colchester")
    fields.setdefault("postcode", "CO1 1AA")
    fields.setdefault("address_1", "1 High Street")
    loc = Location(organisation=org, latitude=lat, longitude=lon, **fields)
    loc.save()
    return loc


def service(org: Organisation, name: str | None = None, *, categories=(), at=None, **fields):
    n = next(_counter)
    name = name or f"Service {n}"
    fields.setdefault("slug", f"service-{n}")
    svc = Service.objects.create(organisation=org, name=name, description="Helps.", **fields)
    if categories:
        Service.categories.through.objects.bulk_create(
            [Service.categories.through(service_id=svc.pk, category_id=c.pk) for c in categories]
        )
    if at is not None:
        ServiceAtLocation.objects.create(service=svc, location=at)
    Schedule.objects.create(service=svc, byday="MO,TU,WE,TH,FR")
    return svc


def refuge(org: Organisation | None = None) -> Service:
    """A confidential safe house in CO1 that takes referrals tonight."""
    postcodes()
    org = org or organisation("Colne Valley Refuge Trust", slug="colne-valley-refuge-trust")
    house = location(
        org,
        name="Safe house",
        address_1="14 Secret Lane",
        postcode="CO1 2ZZ",
        is_confidential=True,
        front_door="Referrals by phone only.",
        lat=51.8911,
        lon=0.9102,
    )
    return service(
        org,
        "Emergency safe house",
        slug="emergency-safe-house",
        categories=[category()],
        at=house,
        available_24_7=True,
        accepting_referrals=True,
        referral_phone="01206 000111",
        direct_referral_line="07700 900123",
        secure_email="refuge@cjsm.example.net",
    )


def org_edit_url(org) -> str:
    return reverse("wagtailsnippets_directory_organisation:edit", args=[org.pk])


def org_form(org, **changes) -> dict:
    """The organisation edit form in the Wagtail admin, as the browser posts it."""
    data = {
        "name": org.name,
        "slug": org.slug,
        "organisation_type": org.organisation_type,
        "description": org.description,
        "logo": "",
        "website": "",
        "email": "",
        "phone": "",
        "charity_number": "",
        "company_number": "",
        "secure_email": "",
        "members_notes": "",
        "status": org.status,
        "next_review_due": "",
        "locations": inline_formset([]),
    }
    data.update(changes)
    return nested_form_data(data)
