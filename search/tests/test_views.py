"""The search page and the JSON API: same rules, clear answers to bad input."""

import pytest

from search.tests.helpers import elasticsearch_unreachable, put_document
from tests.factories import CategoryFactory, LocationFactory, OrganisationFactory, ServiceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def directory(index_now):
    housing = CategoryFactory(name="Accommodation")
    legal = CategoryFactory(name="Legal advice")
    refuge_org = OrganisationFactory(name="Colne Valley Refuge Trust", description="Safe houses")
    ServiceFactory(
        name="Emergency safe house",
        organisation=refuge_org,
        categories=[housing],
        description="Beds tonight",
    )
    ServiceFactory(
        name="Closed safe house",
        organisation=refuge_org,
        categories=[housing],
        status="temporarily_closed",
    )
    ServiceFactory(name="Immigration clinic", categories=[legal], description="Free legal advice")
    index_now()


def test_the_page_shows_highlighted_results_tabs_and_facets(client, directory):
    response = client.get("/search/", {"q": "safe house"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "<mark>" in html
    assert "Services" in html and "Organisations" in html
    assert "Accommodation" in html and 'name="category"' in html


def test_closed_services_come_after_open_ones(client, directory):
    results = client.get("/api/search", {"q": "safe house", "type": "service"}).json()["results"]
    assert [r["closed"] for r in results] == [False, True]


def test_filtering_by_category_narrows_results_and_counts(client, directory):
    body = client.get("/api/search", {"category": "Legal advice", "type": "service"}).json()
    assert {r["title"] for r in body["results"]} == {"Immigration clinic"}
    assert body["count"] == 1


def test_the_api_answers_with_results_facets_and_paging(client, directory):
    body = client.get("/api/search", {"q": "safe house", "page": "1"}).json()
    assert body["degraded"] is False
    assert body["count"] >= 2 and body["page"] == 1 and body["pages"] == 1
    assert "categories" in body["facets"] and "service" in body["type_counts"]


def test_a_misspelling_is_forgiven_and_corrected(client, directory):
    body = client.get("/api/search", {"q": "imigration clinc"}).json()
    assert body["results"][0]["title"] == "Immigration clinic"
    assert body["did_you_mean"] == "immigration clinic"
    page = client.get("/search/", {"q": "imigration clinc"}).content.decode()
    assert "Did you mean" in page


def test_a_thesaurus_term_finds_the_other_words_at_query_time(client, directory):
    from search.models import Synonym

    assert client.get("/api/search", {"q": "sanctuary", "type": "service"}).json()["count"] == 0
    Synonym.objects.create(terms="sanctuary, safe house")
    titles = [r["title"] for r in client.get("/api/search", {"q": "sanctuary"}).json()["results"]]
    assert "Emergency safe house" in titles


@pytest.mark.parametrize(
    "params",
    [
        {"q": "x" * 5000},
        {"q": 'safe "house'},
        {"q": "safe AND (house OR NOT) title:* ~2 ^3 \\ / [ { <script>"},
        {"q": "\x00\x1f"},
        {"q": "safe", "page": "abc"},
        {"q": "safe", "page": "-4"},
        {"q": "safe", "page": "99999999999999999999"},
        {"q": "safe", "near": "not a place"},
        {"q": "safe", "near": "999,999"},
        {"q": "safe", "near": "51.88,0.90", "radius_km": "abc"},
        {"q": "safe", "near": "51.88,0.90", "radius_km": "1e309"},
        {"q": "safe", "near": "51.88,0.90", "radius_km": "-5"},
        {"q": "safe", "type": "nonsense"},
        {"q": "safe", "sort": "distance"},
        {"q": "safe", "per_page": "100000"},
        {"category": "x" * 1000},
    ],
)
def test_bad_input_gets_an_answer_never_an_error(client, directory, params):
    page = client.get("/search/", params)
    api = client.get("/api/search", params)
    assert page.status_code == 200
    assert api.status_code == 200
    assert isinstance(api.json()["results"], list)


@pytest.mark.parametrize(
    "params",
    [
        {"q": "safe\x00house"},
        {"q": "safe house", "near": "CO1\x00"},
        {"q": "safe house", "near": "\x00"},
        {"q": "safe house", "category": "\x00"},
        {"q": "safe house", "page": "²", "per_page": "１"},
    ],
)
def test_a_nul_or_odd_digit_in_the_query_is_never_shown_back(client, directory, params):
    for url in ("/search/", "/api/search", "/directory/"):
        response = client.get(url, params)
        assert response.status_code == 200
        body = response.content.decode()
        assert "\x00" not in body and "\\u0000" not in body
    assert client.get("/api/search", params).json()["count"] >= 1


def test_a_page_past_the_end_shows_the_last_page_and_says_so(client, directory):
    body = client.get("/api/search", {"q": "safe house", "page": "40"}).json()
    assert body["page"] == 1 and body["results"]
    assert any("only 1 page" in message for message in body["messages"])


def test_a_query_that_is_too_long_is_shortened_with_a_message(client, directory):
    body = client.get("/api/search", {"q": "safe house " * 100}).json()
    assert len(body["query"]) <= 200
    assert body["messages"]


def test_searching_near_a_point_filters_by_distance_and_sorts(client, index_now):
    org = OrganisationFactory(name="Distance Trust")
    near = LocationFactory(organisation=org, town="Colchester", latitude=51.889, longitude=0.904)
    far = LocationFactory(organisation=org, town="Chelmsford", latitude=51.736, longitude=0.469)
    ServiceFactory(name="Near drop-in", organisation=org, at=near)
    ServiceFactory(name="Far drop-in", organisation=org, at=far)
    index_now()
    body = client.get(
        "/api/search", {"q": "drop-in", "near": "51.89,0.90", "radius_km": "5", "type": "service"}
    ).json()
    assert [r["title"] for r in body["results"]] == ["Near drop-in"]
    assert body["results"][0]["distance_km"] < 1
    body = client.get(
        "/api/search",
        {
            "q": "drop-in",
            "near": "51.89,0.90",
            "radius_km": "50",
            "sort": "distance",
            "type": "service",
        },
    ).json()
    assert [r["title"] for r in body["results"]] == ["Near drop-in", "Far drop-in"]


def test_suggestions_api_completes_titles(client, directory):
    body = client.get("/api/search/suggest", {"q": "emerg"}).json()
    assert "Emergency safe house" in [s["text"] for s in body["suggestions"]]


class TestWhenElasticsearchIsUnreachable:
    @pytest.fixture(autouse=True)
    def unreachable(self, directory):
        with elasticsearch_unreachable():
            yield

    def test_the_page_falls_back_to_the_database_with_a_notice(self, client):
        response = client.get("/search/", {"q": "safe house"})
        assert response.status_code == 200
        html = response.content.decode()
        assert "simpler mode" in html
        assert "Emergency safe house" in html

    def test_the_api_says_degraded(self, client):
        body = client.get("/api/search", {"q": "immigration"}).json()
        assert body["degraded"] is True
        assert [r["title"] for r in body["results"]] == ["Immigration clinic"]

    def test_suggestions_are_empty_rather_than_an_error(self, client):
        assert client.get("/api/search/suggest", {"q": "emerg"}).json()["suggestions"] == []


def test_the_fallback_still_hides_what_the_user_may_not_see(client, index_now):
    org = OrganisationFactory(name="Suspended Org", status="suspended")
    ServiceFactory(name="Hidden helpline", organisation=org)
    with elasticsearch_unreachable():
        body = client.get("/api/search", {"q": "hidden"}).json()
    assert body["degraded"] is True and body["results"] == []


def test_members_only_results_are_absent_from_the_page_for_the_public(
    client, member, search_indices
):
    put_document("services", "m1", "Quokka casework", ["members"])
    assert "Quokka" not in client.get("/search/", {"q": "quokka"}).content.decode()
    client.force_login(member)
    assert "Quokka" in client.get("/search/", {"q": "quokka"}).content.decode()
