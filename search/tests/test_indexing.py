"""Saving and deleting directory records reaches the index through the outbox."""

from typing import Any

import pytest
from django.db import transaction

from search import indexing
from search.client import get_client
from search.models import IndexUpdate
from search.tests.helpers import run_search, titles
from tests.factories import CategoryFactory, LocationFactory, OrganisationFactory, ServiceFactory

pytestmark = pytest.mark.django_db


def _source(index: str, object_id: object) -> dict[str, Any] | None:
    from search import registry

    found = (
        get_client()
        .options(ignore_status=404)
        .get(index=registry.get(index).alias, id=str(object_id))
    )
    source: dict[str, Any] | None = found.body.get("_source") if found.body.get("found") else None
    return source


def _indexed(index: str, object_id: object) -> dict[str, Any]:
    """The document of ``object_id`` in ``index``, which must be there."""
    document = _source(index, object_id)
    assert document is not None, f"{index} {object_id} is not indexed"
    return document


def test_saving_a_service_queues_its_update_in_the_same_transaction(search_indices):
    with transaction.atomic():
        service = ServiceFactory.create(name="Emergency refuge")
        assert IndexUpdate.objects.filter(index="services", object_id=str(service.pk)).exists()
        transaction.set_rollback(True)
    assert not IndexUpdate.objects.exists()


def test_a_saved_service_is_searchable_once_the_transaction_commits(
    search_indices, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        ServiceFactory.create(name="Emergency refuge for women", description="Beds tonight")
    indexing.refresh()
    assert "Emergency refuge for women" in titles(run_search(q="refuge"))
    assert not IndexUpdate.objects.exists()


def test_an_organisation_is_searchable_with_its_services_words(index_now):
    org = OrganisationFactory.create(name="Harbour Trust", description="Advice for survivors")
    ServiceFactory.create(name="Albanian interpreting line", organisation=org)
    index_now()
    assert titles(run_search(q="Harbour", type="organisation")) == ["Harbour Trust"]
    assert "Harbour Trust" in titles(run_search(q="interpreting", type="organisation"))


def test_deleting_a_service_removes_it_from_search(index_now):
    service = ServiceFactory.create(name="Night shelter")
    index_now()
    assert titles(run_search(q="night shelter", type="service")) == ["Night shelter"]
    service.delete()
    index_now()
    assert titles(run_search(q="night shelter", type="service")) == []


def test_suspending_an_organisation_removes_it_and_every_service_it_runs(index_now):
    org = OrganisationFactory.create(name="Lantern Project")
    ServiceFactory.create(name="Lantern drop-in", organisation=org)
    index_now()
    assert run_search(q="lantern").total == 2
    org.status = org.Status.SUSPENDED
    org.save()
    index_now()
    assert run_search(q="lantern").total == 0


def test_unpublishing_a_service_removes_it(index_now):
    service = ServiceFactory.create(name="Outreach van")
    index_now()
    service.live = False
    service.save()
    index_now()
    assert _source("services", service.pk) is None


def test_renaming_a_category_updates_the_services_in_it(index_now):
    housing = CategoryFactory.create(name="Housing")
    service = ServiceFactory.create(name="Move-on flats", categories=[housing])
    index_now()
    housing.name = "Accommodation"
    housing.save()
    index_now()
    assert _indexed("services", service.pk)["categories"] == ["Accommodation"]


def test_changing_a_services_categories_updates_its_document(index_now):
    legal = CategoryFactory.create(name="Legal advice")
    service = ServiceFactory.create(name="Drop-in clinic")
    index_now()
    service.categories.add(legal)
    service.save()
    index_now()
    assert _indexed("services", service.pk)["categories"] == ["Legal advice"]


def test_members_only_details_never_reach_the_index(index_now):
    service = ServiceFactory.create(
        name="Referral desk",
        direct_referral_line="01206 999111",
        secure_email="desk@secure.cjsm.net",
        members_notes="Ask for Sam, key code 4471",
    )
    index_now()
    # Other tests' documents share the index, so look at this service's own document.
    raw = str(_indexed("services", service.pk))
    assert "Referral desk" in raw
    for secret in ("999111", "cjsm", "4471", "Ask for Sam"):
        assert secret not in raw
    assert run_search(q="4471").total == 0


def test_a_confidential_location_is_indexed_only_by_town_and_district(index_now):
    org = OrganisationFactory.create(name="Quiet Refuge")
    place = LocationFactory.create(
        organisation=org,
        town="Colchester",
        postcode="CO2 7AB",
        address_1="12 Secret Road",
        is_confidential=True,
    )
    service = ServiceFactory.create(name="Refuge beds", organisation=org, at=place)
    index_now()
    document = _indexed("services", service.pk)
    assert "CO2" in document["places"]
    assert "7AB" not in document["places"]
    assert "Secret" not in str(document)
    assert document["locations"][0] != {"lat": 51.8892, "lon": 0.9042}


def test_making_a_location_confidential_updates_the_services_there(index_now):
    org = OrganisationFactory.create(name="Open Door")
    place = LocationFactory.create(
        organisation=org, town="Colchester", postcode="CO2 7AB", name="Open Door hub"
    )
    service = ServiceFactory.create(name="Drop-in", organisation=org, at=place)
    index_now()
    assert "Open Door hub" in _indexed("services", service.pk)["places"]
    place.is_confidential = True
    place.save()
    index_now()
    assert "Open Door hub" not in _indexed("services", service.pk)["places"]
