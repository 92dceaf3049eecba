"""Building documents reads the database a batch at a time: a full reindex of tens of
thousands of records makes the same few queries per batch however many there are."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from directory.models import Area, Language
from forum.models import Category as ForumCategory
from forum.services import add_post, start_thread
from search import registry
from tests.factories import CategoryFactory, LocationFactory, OrganisationFactory, ServiceFactory

pytestmark = pytest.mark.django_db


def _grow_directory(n: int) -> None:
    housing = CategoryFactory(name="Accommodation")
    albanian, _ = Language.objects.get_or_create(code="sq", defaults={"name": "Albanian"})
    tendring, _ = Area.objects.get_or_create(slug="tendring", defaults={"name": "Tendring"})
    for _ in range(n):
        org = OrganisationFactory.create(description="Safe houses")
        org.languages.add(albanian)
        org.areas.add(tendring)
        office = LocationFactory(organisation=org)
        for name in ("Night shelter", "Advice line"):
            service = ServiceFactory.create(
                name=name, organisation=org, categories=[housing], at=office
            )
            service.languages.add(albanian)
            service.service_areas.add(tendring)
            service.tags.add("refuge")
            service.save()


def _grow_forum(n: int, member) -> None:
    category, _ = ForumCategory.objects.get_or_create(
        slug="referrals", defaults={"name": "Referrals", "access": "public"}
    )
    for i in range(n):
        thread = start_thread(category, member, f"Bed spaces {i}", "Any refuge capacity?")
        add_post(thread, member, "Try the Harbour night shelter", parent=None, notify=False)


def _queries_to_build(index: str) -> tuple[int, int]:
    spec = registry.get(index)
    with CaptureQueriesContext(connection) as context:
        built = [doc for _, doc in spec.documents(spec.queryset()) if doc]
    return len(context), len(built)


@pytest.mark.parametrize("index", ["services", "organisations"])
def test_building_directory_documents_does_not_query_per_record(index):
    _grow_directory(2)
    before, built = _queries_to_build(index)
    _grow_directory(6)
    after, built_after = _queries_to_build(index)
    assert built_after > built
    assert after == before


def test_building_thread_documents_does_not_query_per_thread(member):
    _grow_forum(2, member)
    before, built = _queries_to_build("threads")
    _grow_forum(6, member)
    after, built_after = _queries_to_build("threads")
    assert built_after > built
    assert after == before


def test_a_prepared_batch_builds_the_same_service_document_as_one_read_alone():
    _grow_directory(2)
    spec = registry.get("services")
    prepared = {obj.pk: doc for obj, doc in spec.documents(spec.queryset())}
    for service in spec.queryset():
        assert spec.build(service) == prepared[service.pk]
    document = next(iter(prepared.values()))
    assert document is not None  # visible: every service here is live and public
    assert document["languages"] == ["Albanian"] and document["areas"] == ["Tendring"]
    assert "refuge" in document["body"] and document["locations"]
