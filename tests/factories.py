"""Test data shared by every app's tests, made with factory_boy: a test names only the fields
it is about, and the rest get sensible defaults."""

import factory
from django.utils.text import slugify
from factory.django import DjangoModelFactory

from pathways.models import Pathway, PathwayStep


class PathwayStepFactory(DjangoModelFactory):
    class Meta:
        model = PathwayStep

    order = 1
    action = "Call 999 if in danger"


class PathwayFactory(DjangoModelFactory):
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
