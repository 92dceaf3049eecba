"""The ORUK API against the profile's own OpenAPI description, fuzzed by schemathesis.

Every operation the description defines is one Waymark implements: the root, services,
service_at_locations, taxonomies and taxonomy_terms, as lists and by id. (Waymark's
/organizations and /openapi.json are not in the description; test_oruk_api.py covers
them.) See tests/fuzzing.py for how the app is called and how examples are bounded.
"""

import json

import pytest
from hypothesis import settings

from directory.models import Category, Schedule, Taxonomy
from openreferral.api import OPENAPI
from tests.factories import (
    CategoryFactory,
    LocationFactory,
    OrganisationFactory,
    ServiceFactory,
    emergency_safe_house,
)
from tests.fuzzing import CHECKS, DEADLINE, load, own_savepoint

schema = load(json.loads(OPENAPI.read_text()), "/api/oruk", max_examples=30)
BY_ID = ["/services/{id}", "/service_at_locations/{id}", "/taxonomies/{id}", "/taxonomy_terms/{id}"]


@pytest.fixture
def records(in_process):
    """Enough of a directory that lists have contents and details have nested records."""
    taxonomy = Taxonomy.objects.create(name="Waymark service types", uri="https://example.org/t")
    parent = CategoryFactory.create(slug="support", name="Support")
    term = CategoryFactory.create(slug="safe-houses", name="Safe houses", parent=parent)
    Category.objects.filter(pk__in=[parent.pk, term.pk]).update(taxonomy=taxonomy)
    refuge = emergency_safe_house()
    org = OrganisationFactory(name="Essex Legal Clinic", email="help@example.org")
    clinic = ServiceFactory(
        organisation=org,
        name="Immigration advice",
        categories=[term],
        at=LocationFactory(organisation=org),
        minimum_age=16,
        maximum_age=99,
        cost="Free",
        email="advice@example.org",
    )
    Schedule.objects.create(service=clinic, byday="SA", opens_at="09:00", closes_at="13:00")
    return dict(
        zip(
            BY_ID,
            [refuge.uuid, refuge.service_at_locations.get().uuid, taxonomy.uuid, term.uuid],
            strict=True,
        )
    )


@schema.parametrize()
@settings(deadline=DEADLINE)
def test_the_oruk_api_never_fails_and_answers_as_described(case, records):
    with own_savepoint():
        case.call_and_validate(checks=CHECKS)


@pytest.mark.parametrize("path", BY_ID)
def test_each_record_by_id_answers_as_described(path, records):
    case = schema[path]["GET"].Case(path_parameters={"id": str(records[path])})
    assert case.call_and_validate(checks=CHECKS).status_code == 200
