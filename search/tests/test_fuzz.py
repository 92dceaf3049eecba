"""The search page and its JSON API, fuzzed by schemathesis against real Elasticsearch.

The description below is Waymark's own: the parameters search/params.py reads, and the
shape of /api/search's answer. Bad input is never an error there (it is clamped or
dropped with a message), so the API answers 200 and the page 200 or 400, always from
Elasticsearch itself: a query that made the engine fail would show as ``degraded``.
See tests/fuzzing.py for how the app is called and how examples are bounded.
"""

import pytest
from hypothesis import settings
from schemathesis.specs.openapi.checks import status_code_conformance

from search.params import MAX_PER_PAGE, SORTS, TYPES
from tests.factories import CategoryFactory, LocationFactory, OrganisationFactory, ServiceFactory
from tests.fuzzing import CHECKS, DEADLINE, load, own_savepoint

TEXT = {"type": "string", "maxLength": 300}
PARAMETERS = [
    {"name": name, "in": "query", "required": False, "schema": schema}
    for name, schema in {
        "q": TEXT,
        "type": {"type": "string", "enum": [*TYPES, *(f"{t}s" for t in TYPES)]},
        "category": TEXT,
        "area": TEXT,
        "language": TEXT,
        "organisation_type": TEXT,
        "accepting": {"type": "string", "enum": ["yes", "no"]},
        "near": {
            "type": "string",
            "pattern": r"^-?[0-9]{1,2}(\.[0-9]{1,6})?,-?[0-9]{1,3}(\.[0-9]{1,6})?$",
        },
        "postcode": TEXT,
        "radius_km": {"type": "number"},
        "sort": {"type": "string", "enum": list(SORTS)},
        "page": {"type": "integer"},
        "per_page": {"type": "integer"},
    }.items()
]
NULLABLE_TEXT = {"type": "string", "nullable": True}
ANSWER = {
    "type": "object",
    "required": ["query", "page", "pages", "count", "degraded", "messages", "results"],
    "properties": {
        "query": {"type": "string", "maxLength": 200},
        "type": {"type": "string", "nullable": True, "enum": [*TYPES, None]},
        "near": {
            "type": "object",
            "nullable": True,
            "required": ["lat", "lon", "label"],
            "properties": {
                "lat": {"type": "number", "minimum": -90, "maximum": 90},
                "lon": {"type": "number", "minimum": -180, "maximum": 180},
                "label": {"type": "string"},
            },
        },
        "radius_km": {"type": "number", "nullable": True, "minimum": 0.5, "maximum": 200},
        "sort": {"type": "string", "enum": list(SORTS)},
        "page": {"type": "integer", "minimum": 1},
        "pages": {"type": "integer", "minimum": 1},
        "per_page": {"type": "integer", "minimum": 1, "maximum": MAX_PER_PAGE},
        "count": {"type": "integer", "minimum": 0},
        "degraded": {"type": "boolean", "enum": [False]},
        "did_you_mean": NULLABLE_TEXT,
        "messages": {"type": "array", "items": {"type": "string"}},
        "type_counts": {"type": "object", "additionalProperties": {"type": "integer"}},
        "facets": {
            "type": "object",
            "additionalProperties": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["value", "count", "selected"],
                    "properties": {
                        "value": {"type": "string"},
                        "count": {"type": "integer", "minimum": 1},
                        "selected": {"type": "boolean"},
                    },
                },
            },
        },
        "results": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["type", "id", "title", "url"],
                "properties": {
                    "type": {"type": "string", "enum": list(TYPES)},
                    "title": {"type": "string"},
                    "url": {"type": "string"},
                    "distance_km": {"type": "number", "nullable": True, "minimum": 0},
                },
            },
        },
    },
}
DESCRIPTION = {
    "openapi": "3.0.3",
    "info": {"title": "Waymark search", "version": "1"},
    "paths": {
        "/api/search": {
            "get": {
                "parameters": PARAMETERS,
                "responses": {
                    "200": {
                        "description": "Results, with messages about any input set aside",
                        "content": {"application/json": {"schema": ANSWER}},
                    }
                },
            }
        },
        "/search/": {
            "get": {
                "parameters": PARAMETERS,
                "responses": {
                    "200": {"description": "The results page", "content": {"text/html": {}}},
                    "400": {"description": "A bad request", "content": {"text/html": {}}},
                },
            }
        },
    },
}

schema = load(DESCRIPTION, "", max_examples=20)


@pytest.fixture
def directory(in_process, index_now):
    housing = CategoryFactory(name="Accommodation")
    org = OrganisationFactory(name="Colne Valley Refuge Trust", description="Safe houses")
    office = LocationFactory(organisation=org)
    ServiceFactory(name="Emergency safe house", organisation=org, categories=[housing], at=office)
    ServiceFactory(name="Closed safe house", organisation=org, status="temporarily_closed")
    ServiceFactory(name="Immigration clinic", description="Free legal advice")
    index_now()


@schema.parametrize()
@settings(deadline=DEADLINE)
def test_search_answers_every_request_from_elasticsearch(case, directory):
    with own_savepoint():
        response = case.call_and_validate(checks=[*CHECKS, status_code_conformance])
    assert "\x00" not in response.text
