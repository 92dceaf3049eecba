"""Small builders for directory content in search tests (real rows, real signals)."""

from itertools import count

from django.utils.text import slugify

from directory.models import Category, Location, Organisation, Service, ServiceAtLocation

_seq = count(1)


def organisation(name: str | None = None, **fields) -> Organisation:
    name = name or f"Organisation {next(_seq)}"
    fields.setdefault("slug", f"{slugify(name)}-{next(_seq)}")
    fields.setdefault("description", "")
    return Organisation.objects.create(name=name, **fields)


def category(name: str, **fields) -> Category:
    fields.setdefault("slug", f"{slugify(name)}-{next(_seq)}")
    return Category.objects.create(name=name, **fields)


def service(
    name: str, org: Organisation | None = None, categories=(), location=None, **fields
) -> Service:
    org = org or organisation()
    fields.setdefault("slug", f"{slugify(name)}-{next(_seq)}")
    created = Service.objects.create(organisation=org, name=name, **fields)
    if categories:
        created.categories.set(categories)  # a ParentalManyToManyField: stored on save
        created.save()
    if location is not None:
        ServiceAtLocation.objects.create(service=created, location=location)
    return created


def location(org: Organisation, town="Colchester", postcode="CO1 1AA", **fields) -> Location:
    fields.setdefault("name", f"{town} office")
    fields.setdefault("latitude", 51.8892)
    fields.setdefault("longitude", 0.9042)
    return Location.objects.create(organisation=org, town=town, postcode=postcode, **fields)
