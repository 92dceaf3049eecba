import io
import json
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import OutputWrapper
from django.urls import reverse
from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from demo.directory import seed
from directory.models import Organisation, Service
from tests.factories import (
    CO1,
    LocationFactory,
    OrganisationFactory,
    ServiceFactory,
    emergency_safe_house,
)

pytestmark = pytest.mark.django_db

SCHEMAS = Path(__file__).resolve().parent.parent / "profile" / "schema"


def validator(name: str) -> Draft202012Validator:
    schema = json.loads((SCHEMAS / name).read_text())
    registry = Registry().with_resources(
        (path.name, Resource.from_contents(json.loads(path.read_text()), DRAFT202012))
        for path in SCHEMAS.glob("*.json")
    )
    return Draft202012Validator(schema, registry=registry, format_checker=FormatChecker())


def test_the_schema_check_catches_a_non_conforming_service():
    errors = list(validator("compiled/service.json").iter_errors({"id": "x", "name": "n"}))
    assert {e.validator for e in errors} >= {"required", "format"}


def assert_valid(data: dict[str, Any], schema: str) -> None:
    errors = sorted(validator(schema).iter_errors(data), key=lambda e: list(e.path))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors[:10])


def assert_page(data: dict[str, Any], item_schema: str) -> None:
    for key in ("total_items", "total_pages", "page_number", "size", "first_page", "last_page"):
        assert key in data
    assert data["size"] == len(data["contents"])
    for item in data["contents"]:
        assert_valid(item, item_schema)


@pytest.fixture
def refuge(organisation):
    return emergency_safe_house(organisation)


def get(client, name, *args, **params):
    response = client.get(reverse(f"oruk:{name}", args=args), params)
    assert response["Access-Control-Allow-Origin"] == "*"
    return response


def test_the_root_describes_the_api(client, db):
    data = get(client, "root").json()
    assert data["version"] == "3.0"


def test_the_whole_demo_feed_validates_against_the_profile_schemas(client, db):
    seed(OutputWrapper(io.StringIO()))
    services = get(client, "services", per_page=500).json()
    assert services["total_items"] >= 120
    assert_page(services, "compiled/service_list.json")
    for item in services["contents"][:40]:
        assert_valid(get(client, "service", item["id"]).json(), "compiled/service.json")
    sals = get(client, "service_at_locations", per_page=50).json()
    assert_page(sals, "compiled/service_at_location_list.json")
    assert_valid(
        get(client, "service_at_location", sals["contents"][0]["id"]).json(),
        "compiled/service_at_location.json",
    )
    orgs = get(client, "organizations").json()
    assert_page(orgs, "compiled/organization_list.json")
    assert_valid(
        get(client, "organization", orgs["contents"][0]["id"]).json(),
        "compiled/organization.json",
    )
    taxonomies = get(client, "taxonomies").json()
    assert_page(taxonomies, "taxonomy.json")
    assert_valid(get(client, "taxonomy", taxonomies["contents"][0]["id"]).json(), "taxonomy.json")
    terms = get(client, "taxonomy_terms").json()
    assert_page(terms, "taxonomy_term.json")
    assert_valid(
        get(client, "taxonomy_term", terms["contents"][0]["id"]).json(), "taxonomy_term.json"
    )


def test_members_only_fields_and_confidential_addresses_never_appear(client, refuge, member):
    client.force_login(member)  # even a member gets the public feed
    body = get(client, "service", refuge.uuid).content.decode()
    body += get(client, "service_at_locations").content.decode()
    body += get(client, "services").content.decode()
    for secret in ("14 Secret Lane", "07700 900123", "refuge@cjsm.example.net", "CO1 2ZZ"):
        assert secret not in body
    data = get(client, "service", refuge.uuid).json()
    location = data["service_at_locations"][0]["location"]
    assert "addresses" not in location
    assert (location["latitude"], location["longitude"]) == CO1


def test_suspended_and_unpublished_entries_are_not_in_the_feed(client, refuge, organisation):
    draft = ServiceFactory.create(organisation=organisation, name="Draft", live=False)
    assert get(client, "service", draft.uuid).status_code == 404
    Organisation.objects.filter(pk=organisation.pk).update(status="suspended")
    assert get(client, "services").json()["total_items"] == 0
    assert get(client, "service", refuge.uuid).status_code == 404
    assert get(client, "organizations").json()["total_items"] == 0


def test_the_feed_filters_by_the_profiles_parameters(client, refuge, organisation):
    other = ServiceFactory.create(
        organisation=organisation, name="Youth club", minimum_age=11, maximum_age=18
    )
    term = refuge.categories.get()
    assert [s["name"] for s in get(client, "services", search="safe").json()["contents"]] == [
        "Emergency safe house"
    ]
    by_term = get(client, "services", taxonomy_term_id=str(term.uuid)).json()
    assert [s["id"] for s in by_term["contents"]] == [str(refuge.uuid)]
    by_age = get(client, "services", minimum_age=10, maximum_age=18).json()
    assert [s["id"] for s in by_age["contents"]] == [str(other.uuid)]
    near = get(client, "service_at_locations", postcode="CO1 1AA", proximity=2000).json()
    assert [s["service"]["id"] for s in near["contents"]] == [str(refuge.uuid)]
    assert get(client, "services", day="MO").json()["total_items"] == 2
    assert get(client, "services", modified_after="2999-01-01T00:00:00Z").json()["empty"]


def test_services_at_locations_are_filtered_as_services_are(client, refuge, organisation):
    """Both lists read their parameters from the directory's one filter vocabulary."""
    office = LocationFactory(organisation=organisation)
    ServiceFactory(
        organisation=organisation, name="Youth club", at=office, minimum_age=11, maximum_age=18
    )
    ServiceFactory(organisation=organisation, name="Drop-in", at=office, minimum_age=18)
    term = refuge.categories.get()
    for query in (
        {"search": "safe house"},
        {"search": "club"},
        {"taxonomy_term_id": str(term.uuid)},
        {"minimum_age": 11},
        {"maximum_age": 18},
        {"day": "Monday"},
    ):
        services = {s["id"] for s in get(client, "services", **query).json()["contents"]}
        at_locations = get(client, "service_at_locations", **query).json()["contents"]
        assert services, query
        assert {row["service"]["id"] for row in at_locations} == services, query


def test_the_served_openapi_description_has_no_remote_references(client, db):
    text = get(client, "openapi").content.decode()
    assert "raw.githubusercontent.com" not in text and '"type": "time"' not in text


def test_the_committed_openapi_description_is_built_from_the_upstream_copy():
    call_command("oruk_openapi", "--check")


def test_the_feed_paginates(client, organisation):
    for n in range(5):
        ServiceFactory(organisation=organisation, name=f"Service {n}")
    data = get(client, "services", per_page=2, page=3).json()
    assert (data["total_items"], data["total_pages"], data["size"]) == (5, 3, 1)
    assert data["last_page"] and not data["first_page"]


@pytest.mark.parametrize(
    "params",
    [
        {"page": "x"},
        {"per_page": "0"},
        {"taxonomy_term_id": "nope"},
        {"day": "Funday"},
        {"postcode": "ZZ9 9ZZ"},
        {"start_time": "late"},
        {"modified_after": "yesterday"},
        {"modified_after": "2020-02-30"},
        {"modified_after": "9999-12-31T23:59:59-23:59"},
        {"per_page": "１"},
        {"search": "safe\x00house"},
        {"postcode": "CO1\x00"},
        {"postcode": "CO1", "proximity": "nan"},
        {"proximity": "2000"},
    ],
)
def test_bad_parameters_get_a_clear_400(client, db, params):
    for endpoint in ("services", "service_at_locations"):
        response = get(client, endpoint, **params)
        assert response.status_code == 400
        body = response.json()
        assert body["error"] and body["parameter"] in params


@pytest.mark.parametrize("name", ["start_time", "end_time"])
@pytest.mark.parametrize("value", ["00:00:00Z", "09:00+01:00"])
def test_oruk_time_with_offset_is_a_400(client, db, name, value):
    response = get(client, "services", **{name: value})
    assert response.status_code == 400
    assert response.json() == {
        "error": f"{name} must be a time of day such as 09:00 or 17:30:00, with no time zone.",
        "parameter": name,
    }


@pytest.mark.parametrize("name", ["minimum_age", "maximum_age"])
@pytest.mark.parametrize("value", ["nan", "inf", "-inf", "1e400"])
def test_oruk_ages_must_be_finite_numbers(client, db, name, value):
    response = get(client, "services", **{name: value})
    assert response.status_code == 400
    assert response.json() == {"error": f"{name} must be a number.", "parameter": name}


@pytest.mark.parametrize("endpoint", ["services", "service_at_locations", "taxonomy_terms"])
def test_oruk_a_page_number_past_what_the_database_counts_is_a_400(client, db, endpoint):
    response = get(client, endpoint, page=str(2**63))
    assert response.status_code == 400
    assert response.json()["parameter"] == "page"
    assert get(client, endpoint, page="2147483647").json()["empty"] is True


@pytest.mark.parametrize(
    "path",
    [
        "/api/oruk/services/not-a-uuid",
        "/api/oruk/service_at_locations/1",
        "/api/oruk/organizations/%C2%B2",
        "/api/oruk/taxonomies/x",
        "/api/oruk/taxonomy_terms/00000000-0000-0000-0000-000000000000",
        "/api/oruk/services/",
        "/api/oruk/no-such-endpoint",
    ],
)
def test_oruk_an_unknown_id_or_path_is_a_json_404(client, db, path):
    response = client.get(path)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response.json()["error"]


def test_the_service_list_query_count_stays_flat(
    client, organisation, django_assert_max_num_queries
):
    emergency_safe_house(organisation)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count(name, *args):
        with CaptureQueriesContext(connection) as ctx:
            get(client, name, *args)
        return len(ctx)

    before = count("services"), count("service_at_locations"), count("organizations")
    for _ in range(6):
        org = OrganisationFactory()
        ServiceFactory(organisation=org, at=LocationFactory(organisation=org))
    assert (count("services"), count("service_at_locations"), count("organizations")) == before
    assert Service.objects.count() == 7
