"""Search that forgives (issue #12): misspelt long words find their services, and everyday
phrases find the categories that answer them, on the search page and in the API, and (for
everyday phrases) in the database stand-in too."""

import pytest

from directory.models import Category
from search.client import get_client
from search.models import EverydayPhrase
from search.queries import FEW_RESULTS
from search.tests.helpers import elasticsearch_unreachable
from tests.factories import ServiceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def directory(index_now):
    emergency = Category.objects.create(name="Emergency accommodation", slug="emergency")
    shelters = Category.objects.create(name="Night shelters", slug="night-shelters")
    interpreting = Category.objects.create(name="Interpreting", slug="interpreting")
    ServiceFactory(
        name="Emergency housing assessment",
        categories=[emergency],
        description="Homelessness assessment and emergency accommodation.",
    )
    ServiceFactory(name="Winter night shelter", categories=[shelters], description="Beds.")
    # Once first for "somewhere to sleep tonight": "to" matched "face-to-face".
    ServiceFactory(
        name="Telephone and face-to-face interpreting",
        categories=[interpreting],
        description="Interpreters tonight and every night, somewhere near you.",
    )
    phrase = EverydayPhrase.objects.create(phrases="somewhere to sleep, nowhere to stay")
    phrase.categories.set([emergency, shelters])
    index_now()


@pytest.fixture
def elasticsearch_requests(monkeypatch):
    """How many searches (search, msearch, count) were sent since it was last asked."""
    client = get_client()
    sent = []
    perform = client.perform_request

    def counted(method, path, *args, **kwargs):
        if path.rsplit("/", 1)[-1] in {"_search", "_msearch", "_count"}:
            sent.append(path)
        return perform(method, path, *args, **kwargs)

    monkeypatch.setattr(client, "perform_request", counted)

    def count() -> int:
        found = len(sent)
        sent.clear()
        return found

    return count


def _api_titles(client, q: str) -> list[str]:
    response = client.get("/api/search", {"q": q})
    assert response.status_code == 200
    return [result["title"] for result in response.json()["results"]]


def _page(client, q: str) -> str:
    response = client.get("/search/", {"q": q})
    assert response.status_code == 200
    return str(response.content.decode())


@pytest.mark.parametrize("q", ["accomodation", "acommodation"])
def test_a_misspelt_long_word_finds_its_service(client, directory, q):
    # hunspell stems "accommodation" to "accommodate", three edits from either misspelling.
    assert "Emergency housing assessment" in _api_titles(client, q)
    assert "Emergency housing assessment" in _page(client, q)


def test_an_everyday_phrase_ranks_the_categories_that_answer_it_first(client, directory):
    answers = {"Emergency housing assessment", "Winter night shelter"}
    titles = _api_titles(client, "somewhere to sleep tonight")
    assert set(titles[:2]) == answers
    page = _page(client, "somewhere to sleep tonight")
    first = min(page.index(title) for title in answers)
    assert first < page.index("face-to-face interpreting")


def test_an_edited_phrase_applies_at_once_without_a_reindex(client, directory):
    assert "Winter night shelter" not in _api_titles(client, "a roof over my head")
    phrase = EverydayPhrase.objects.get()
    phrase.phrases += ", roof over my head"
    phrase.save()
    assert _api_titles(client, "a roof over my head")[0] in {
        "Emergency housing assessment",
        "Winter night shelter",
    }


def test_without_elasticsearch_an_everyday_phrase_still_finds_its_categories(client, directory):
    # The database stand-in forgives no typing errors: "accomodation" finds nothing there.
    with elasticsearch_unreachable():
        response = client.get("/api/search", {"q": "somewhere to sleep tonight"})
        body = response.json()
        assert body["degraded"] is True
        titles = [result["title"] for result in body["results"]]
        assert set(titles) == {"Emergency housing assessment", "Winter night shelter"}
        assert "Winter night shelter" in _page(client, "somewhere to sleep tonight")


def _directory_titles(client, q: str) -> list[str]:
    response = client.get("/directory/", {"q": q})
    assert response.status_code == 200
    return [hit.service.name for hit in response.context["results"].hits]


@pytest.mark.parametrize("q", ["accomodation", "emergency acommodation"])
def test_the_directory_forgives_a_misspelt_word_too(client, directory, q):
    assert "Emergency housing assessment" in _directory_titles(client, q)


def test_a_search_narrows_to_the_documents_with_every_word(client, directory):
    # "night" alone finds the shelter and the interpreters ("every night"); both words only
    # the shelter. Any document with any word would bury the answer in a long list.
    assert set(_api_titles(client, "night")) >= {"Winter night shelter"}
    response = client.get("/api/search", {"q": "winter night", "type": "service"})
    assert [result["title"] for result in response.json()["results"]] == ["Winter night shelter"]
    assert _directory_titles(client, "winter night") == ["Winter night shelter"]


def _plenty(name: str, index_now) -> None:
    """More services called ``name`` than a search that found few would hold."""
    for n in range(FEW_RESULTS):
        ServiceFactory(name=f"{name} {n}", description="Beds tonight.")
    index_now()


def test_words_spelt_right_are_looked_up_once_and_a_misspelling_asks_again(
    client, directory, index_now, elasticsearch_requests
):
    _plenty("Emergency accommodation", index_now)
    elasticsearch_requests()
    client.get("/api/search", {"q": "emergency accommodation"})
    assert elasticsearch_requests() == 1
    client.get("/api/search", {"q": "emergancy acommodation"})
    # As typed, then with typing errors forgiven and "did you mean" asked, then the
    # corrections' counts in one request.
    assert elasticsearch_requests() <= 3


def test_when_filters_not_the_words_find_few_typing_errors_are_not_forgiven(
    client, directory, index_now, elasticsearch_requests
):
    # "shelter" finds plenty; none in the interpreting category: the words were right, so
    # nothing is asked again (forgiving would only widen the words).
    _plenty("Night shelter", index_now)
    elasticsearch_requests()
    body = client.get("/api/search", {"q": "shelter", "category": "Interpreting"}).json()
    assert body["count"] == 0
    assert elasticsearch_requests() == 1
    # Misspelt and filtered: the words found few, so typing errors are forgiven.
    body = client.get("/api/search", {"q": "acommodation", "category": "Emergency accommodation"})
    assert "Emergency housing assessment" in [r["title"] for r in body.json()["results"]]


def test_the_directory_too_asks_once_when_its_filters_not_the_words_find_few(
    client, directory, index_now, elasticsearch_requests
):
    _plenty("Night shelter", index_now)
    elasticsearch_requests()
    response = client.get("/directory/", {"q": "shelter", "category": "interpreting"})
    assert response.status_code == 200
    assert response.context["results"].total == 0
    assert elasticsearch_requests() == 1
