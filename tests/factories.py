"""Test data shared by every app's tests, made with factory_boy: a test names only the fields
it is about, and the rest get sensible defaults.

``ServiceFactory(...)`` gives a saved ``Service``; mypy reads that call as making a factory, so
typed code says ``ServiceFactory.create(...)``, which it reads as a ``Service``."""

import factory
from django.utils.text import slugify
from factory.django import DjangoModelFactory

from directory.models import (
    Category,
    Location,
    Organisation,
    Schedule,
    Service,
    ServiceAtLocation,
)
from pathways.models import Pathway, PathwayStep
from places.models import Postcode

# The centre of Colchester's CO1 district, where locations are unless a test says otherwise.
CO1 = (51.8892, 0.9042)


# --- places ---------------------------------------------------------------------


class PostcodeFactory(DjangoModelFactory[Postcode]):
    class Meta:
        model = Postcode
        django_get_or_create = ("postcode",)

    postcode = "CO1 1AA"
    latitude = 51.8899
    longitude = 0.9010


def colchester_postcodes() -> None:
    """The CO1 and CO15 (Clacton) districts and one CO1 postcode, for distances and the
    public point of a confidential address."""
    PostcodeFactory(postcode="CO1", is_district=True, latitude=CO1[0], longitude=CO1[1])
    PostcodeFactory(postcode="CO1 1AA")
    PostcodeFactory(postcode="CO15", is_district=True, latitude=51.79, longitude=1.155)


# --- directory ------------------------------------------------------------------


class OrganisationFactory(DjangoModelFactory[Organisation]):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Organisation {n}")
    slug = factory.LazyAttributeSequence(lambda org, n: f"{slugify(org.name)}-{n}")
    description = factory.LazyAttribute(lambda org: f"About {org.name}.")


class CategoryFactory(DjangoModelFactory[Category]):
    """A taxonomy term, one a slug: ``CategoryFactory()`` is always the same "Safe houses"."""

    class Meta:
        model = Category
        django_get_or_create = ("slug",)

    name = "Safe houses"
    slug = factory.LazyAttribute(lambda category: slugify(category.name))


class LocationFactory(DjangoModelFactory[Location]):
    """An office in central Colchester (CO1)."""

    class Meta:
        model = Location

    organisation = factory.SubFactory(OrganisationFactory)
    town = "Colchester"
    name = factory.LazyAttribute(lambda location: f"{location.town} office")
    address_1 = "1 High Street"
    postcode = "CO1 1AA"
    latitude = CO1[0]
    longitude = CO1[1]


class ScheduleFactory(DjangoModelFactory[Schedule]):
    class Meta:
        model = Schedule

    byday = "MO,TU,WE,TH,FR"


class ServiceFactory(DjangoModelFactory[Service]):
    """A live, active service open on weekdays; ``categories=[...]`` files it under those
    terms and ``at=location`` delivers it at one of its organisation's locations."""

    class Meta:
        model = Service
        skip_postgeneration_save = True

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Service {n}")
    slug = factory.LazyAttributeSequence(lambda service, n: f"{slugify(service.name)}-{n}")
    description = "Helps."

    @factory.post_generation
    def categories(service, create, categories, **kwargs):
        if create and categories:
            service.categories.set(categories)  # a ParentalManyToManyField: stored on save
            service.save()

    @factory.post_generation
    def at(service, create, location, **kwargs):
        if create and location is not None:
            ServiceAtLocation.objects.create(service=service, location=location)

    schedule = factory.RelatedFactory(ScheduleFactory, factory_related_name="service")


def emergency_safe_house(organisation: Organisation | None = None) -> Service:
    """A confidential safe house in CO1 that takes referrals tonight."""
    colchester_postcodes()
    organisation = organisation or OrganisationFactory.create(
        name="Colne Valley Refuge Trust", slug="colne-valley-refuge-trust"
    )
    house = LocationFactory(
        organisation=organisation,
        name="Safe house",
        address_1="14 Secret Lane",
        postcode="CO1 2ZZ",
        is_confidential=True,
        front_door="Referrals by phone only.",
        latitude=51.8911,
        longitude=0.9102,
    )
    return ServiceFactory.create(
        organisation=organisation,
        name="Emergency safe house",
        slug="emergency-safe-house",
        categories=[CategoryFactory()],
        at=house,
        available_24_7=True,
        accepting_referrals=True,
        referral_phone="01206 000111",
        direct_referral_line="07700 900123",
        secure_email="refuge@cjsm.example.net",
    )


# --- pathways -------------------------------------------------------------------


class PathwayStepFactory(DjangoModelFactory[PathwayStep]):
    class Meta:
        model = PathwayStep

    order = 1
    action = "Call 999 if in danger"


class PathwayFactory(DjangoModelFactory[Pathway]):
    """A pathway in Colchester with one step; ``participating_organisations=[...]`` sets the
    organisations taking part."""

    class Meta:
        model = Pathway
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Pathway {n}")
    slug = factory.LazyAttribute(lambda pathway: slugify(pathway.title))
    area = "Colchester"
    step = factory.RelatedFactory(PathwayStepFactory, factory_related_name="pathway")

    @factory.post_generation
    def participating_organisations(pathway, create, organisations, **kwargs):
        if create and organisations:
            pathway.participating_organisations.set(organisations)
